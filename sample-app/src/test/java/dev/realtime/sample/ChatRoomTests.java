package dev.realtime.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.support.Browser;
import dev.realtime.boot.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The chat room over real HTTP and WebSocket connections: each {@link Browser} keeps its own
 * cookies, so two of them are two visitors.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatRoomTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String JSON = "application/json";

	@LocalServerPort
	int port;

	@Test
	void thePageCarriesItsConnectionIdOnTheBody() {
		HttpResponse<String> page = new Browser(this.port).get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).containsPattern("<body[^>]* data-socket-connection-id=\"[0-9a-f]{64}\"");
	}

	@Test
	void aPlainGetOfTheRootPathReturnsThePageNotAnUpgradeError() {
		HttpResponse<String> page = new Browser(this.port).get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("text/html"));
		assertThat(page.headers().firstValue("Upgrade")).isEmpty();
		assertThat(page.body()).contains("<form id=\"message-form\"")
			.doesNotContainIgnoringCase("upgrade")
			.doesNotContain("jsessionid");
	}

	@Test
	void twoBrowsersOpenThePageAndConnect() {
		Browser alice = new Browser(this.port);
		Browser bob = new Browser(this.port);
		String aliceId = alice.renderPage("/");
		String bobId = bob.renderPage("/");
		assertThat(aliceId).isNotEqualTo(bobId);
		try (TestSocket aliceSocket = alice.connect(aliceId); TestSocket bobSocket = bob.connect(bobId)) {
			aliceSocket.send("{\"id\":1,\"action\":\"ping\"}");
			bobSocket.send("{\"id\":\"b\",\"action\":\"ping\"}");
			assertThat(aliceSocket.next().toString())
				.isEqualTo("{\"id\":1,\"status\":200,\"headers\":{},\"body\":\"pong\"}");
			assertThat(bobSocket.next().toString())
				.isEqualTo("{\"id\":\"b\",\"status\":200,\"headers\":{},\"body\":\"pong\"}");
		}
	}

	@Test
	void postingAFormMessageAnswers201AndBothBrowsersReceiveIt() {
		assertPostedMessageReachesBothBrowsers(FORM, (content) -> "content=" + encode(content));
	}

	@Test
	void postingAJsonMessageAnswers201AndBothBrowsersReceiveIt() {
		assertPostedMessageReachesBothBrowsers(JSON, (content) -> json(new NewMessage(content)));
	}

	private void assertPostedMessageReachesBothBrowsers(String contentType,
			Function<String, String> body) {
		Browser alice = new Browser(this.port);
		Browser bob = new Browser(this.port);
		try (TestSocket aliceSocket = alice.connect(alice.renderPage("/"));
				TestSocket bobSocket = bob.connect(bob.renderPage("/"))) {
			String content = "Hello \"world\" & ünïcode " + UUID.randomUUID();
			Instant before = Instant.now().minusSeconds(1);
			HttpResponse<String> response = alice.post("/messages", contentType, body.apply(content));

			assertThat(response.statusCode()).isEqualTo(201);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			JsonNode answered = JsonMapper.shared().readTree(response.body());
			assertThat(answered.propertyNames()).containsExactly("content", "sent_at");
			assertThat(answered.get("content").asString()).isEqualTo(content);
			Instant sentAt = Instant.parse(answered.get("sent_at").asString());
			assertThat(sentAt).isBetween(before, Instant.now().plusSeconds(1));

			String expectedFrame = "{\"channel\":\"chat\",\"payload\":" + answered + "}";
			assertThat(aliceSocket.next().toString()).isEqualTo(expectedFrame);
			assertThat(bobSocket.next().toString()).isEqualTo(expectedFrame);
		}
	}

	@Test
	void aMessageOfExactly2000CharactersIsAccepted() {
		Browser browser = new Browser(this.port);
		try (TestSocket socket = browser.connect(browser.renderPage("/"))) {
			String content = "x".repeat(2000);
			assertThat(browser.postForm("/messages", "content=" + content).statusCode()).isEqualTo(201);
			assertThat(socket.next().get("payload").get("content").asString()).isEqualTo(content);
		}
	}

	static Stream<Arguments> invalidMessages() {
		String tooLong = "x".repeat(2001);
		return Stream.of(
				arguments("an empty form field", FORM, "content=", "content must not be empty or blank"),
				arguments("a blank form field", FORM, "content=%20%20%09", "content must not be empty or blank"),
				arguments("a missing form field", FORM, "", "content must not be empty or blank"),
				arguments("a form field of 2,001 characters", FORM, "content=" + tooLong,
						"content must be at most 2000 characters"),
				arguments("empty JSON content", JSON, "{\"content\":\"\"}", "content must not be empty or blank"),
				arguments("blank JSON content", JSON, "{\"content\":\"  \\n \"}", "content must not be empty or blank"),
				arguments("missing JSON content", JSON, "{}", "content must not be empty or blank"),
				arguments("null JSON content", JSON, "{\"content\":null}", "content must not be empty or blank"),
				arguments("JSON content of 2,001 characters", JSON, "{\"content\":\"" + tooLong + "\"}",
						"content must be at most 2000 characters"),
				arguments("malformed JSON", JSON, "{\"content\":\"hi\"", "request body must be a JSON object"),
				arguments("an empty JSON body", JSON, "", "request body must be a JSON object"),
				arguments("a JSON array", JSON, "[\"hi\"]", "request body must be a JSON object"));
	}

	@ParameterizedTest(name = "{0} answers 400 and pushes nothing")
	@MethodSource("invalidMessages")
	void anInvalidMessageAnswers400AndPushesNothing(String description, String contentType, String body,
			String error) {
		Browser browser = new Browser(this.port);
		try (TestSocket socket = browser.connect(browser.renderPage("/"))) {
			HttpResponse<String> response = browser.post("/messages", contentType, body);

			assertThat(response.statusCode()).isEqualTo(400);
			JsonNode answer = JsonMapper.shared().readTree(response.body());
			assertThat(answer.get("status").asInt()).isEqualTo(400);
			assertThat(answer.get("error").asString()).startsWith(error);

			String marker = "valid after " + description;
			assertThat(browser.postForm("/messages", "content=" + encode(marker)).statusCode()).isEqualTo(201);
			assertThat(socket.next().get("payload").get("content").asString()).isEqualTo(marker);
		}
	}

	@Test
	void joiningARoomSubscribesTheCallingSocketAndRoomMessagesReachOnlyThatRoom() {
		Browser member = new Browser(this.port);
		Browser chatter = new Browser(this.port);
		HttpResponse<String> joined = member.post("/rooms/lobby-1/join", FORM, "");
		assertThat(joined.statusCode()).isEqualTo(200);
		JsonNode join = JsonMapper.shared().readTree(joined.body());
		assertThat(join.get("channel").asString()).isEqualTo("room:lobby-1");
		String connectionId = join.get("connection_id").asString();
		assertThat(connectionId).matches("[0-9a-f]{64}");

		try (TestSocket roomSocket = member.connect(connectionId);
				TestSocket chatSocket = chatter.connect(chatter.renderPage("/"))) {
			HttpResponse<String> posted = chatter.postJson("/rooms/lobby-1/messages", "{\"content\":\"in the lobby\"}");
			assertThat(posted.statusCode()).isEqualTo(201);
			JsonNode frame = roomSocket.next();
			assertThat(frame.get("channel").asString()).isEqualTo("room:lobby-1");
			assertThat(frame.get("payload").toString()).isEqualTo(posted.body());

			assertThat(chatter.postForm("/messages", "content=in+the+chat").statusCode()).isEqualTo(201);
			assertThat(chatSocket.next().get("payload").get("content").asString()).isEqualTo("in the chat");
		}
	}

	@Test
	void roomMessagesAreValidatedAsChatMessages() {
		Browser browser = new Browser(this.port);
		assertThat(browser.postForm("/rooms/lobby/messages", "content=").statusCode()).isEqualTo(400);
		assertThat(browser.postJson("/rooms/lobby/messages", "{\"content\":\"" + "x".repeat(2001) + "\"}")
			.statusCode()).isEqualTo(400);
		assertThat(browser.postJson("/rooms/lobby/messages", "{\"content\":").statusCode()).isEqualTo(400);
	}

	@Test
	void aRoomNameThatCouldMatchOtherRoomsIsRefused() {
		Browser browser = new Browser(this.port);
		HttpResponse<String> wildcard = browser.postJson("/rooms/*/messages", "{\"content\":\"to every room\"}");
		assertThat(wildcard.statusCode()).isEqualTo(400);
		assertThat(JsonMapper.shared().readTree(wildcard.body()).get("error").asString()).startsWith("room must be");
		assertThat(browser.postForm("/rooms/a*/join", "").statusCode()).isEqualTo(400);
	}

	@Test
	void aNonBrowserClientGetsAnIdAndKeyAndConnectsWithThem() {
		Browser client = new Browser(this.port);
		HttpResponse<String> issued = client.postJson("/realtime/connection", "");
		assertThat(issued.statusCode()).isEqualTo(200);
		JsonNode identity = JsonMapper.shared().readTree(issued.body());
		String uri = "ws://localhost:" + this.port + "/?socket_connection_id=" + identity.get("connection_id").asString()
				+ "&socket_key=" + identity.get("socket_key").asString();
		try (TestSocket socket = TestSocket.connect(URI.create(uri), Map.of())) {
			socket.send("{\"id\":7,\"action\":\"ping\"}");
			assertThat(socket.next().get("body").asString()).isEqualTo("pong");
		}
	}

	private static String json(Object value) {
		return JsonMapper.shared().writeValueAsString(value);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
