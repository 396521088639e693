package dev.realtime.sample;

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

import dev.realtime.boot.test.AwaitedPush;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.test.RouteReply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The chat room over real HTTP and WebSocket connections, with the test starter's
 * {@link RealtimeTestClient}: each client keeps its own cookies, so two of them are two
 * visitors.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatRoomTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String JSON = "application/json";

	@LocalServerPort
	int port;

	@Test
	void thePageCarriesItsConnectionIdOnTheBody() {
		HttpResponse<String> page = visitor().get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).containsPattern("<body[^>]* data-socket-connection-id=\"[0-9a-f]{64}\"");
	}

	@Test
	void aPlainGetOfTheRootPathReturnsThePageNotAnUpgradeError() {
		HttpResponse<String> page = visitor().get("/");
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
		RealtimeTestClient alice = visitor();
		RealtimeTestClient bob = visitor();
		String aliceId = alice.renderPage("/");
		String bobId = bob.renderPage("/");
		assertThat(aliceId).isNotEqualTo(bobId);
		try (RealtimeTestSocket aliceSocket = alice.connect(aliceId); RealtimeTestSocket bobSocket = bob.connect(bobId)) {
			assertThat(aliceSocket.request("{\"id\":1,\"action\":\"ping\"}", "1").toString())
				.isEqualTo("{\"id\":1,\"status\":200,\"headers\":{},\"body\":\"pong\"}");
			assertThat(bobSocket.request("{\"id\":\"b\",\"action\":\"ping\"}", "b").toString())
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

	private void assertPostedMessageReachesBothBrowsers(String contentType, Function<String, String> body) {
		RealtimeTestClient alice = visitor();
		RealtimeTestClient bob = visitor();
		try (RealtimeTestSocket aliceSocket = alice.openSocket("/"); RealtimeTestSocket bobSocket = bob.openSocket("/")) {
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
			for (RealtimeTestSocket socket : new RealtimeTestSocket[] { aliceSocket, bobSocket }) {
				AwaitedPush push = socket.awaitPush().onChannel("chat").withPayload(response.body());
				assertThat(push.toString()).isEqualTo(expectedFrame);
			}
		}
	}

	@Test
	void postingOverTheSocketAnswers201AndBothBrowsersReceiveIt() {
		RealtimeTestClient alice = visitor();
		RealtimeTestClient bob = visitor();
		try (RealtimeTestSocket aliceSocket = alice.openSocket("/"); RealtimeTestSocket bobSocket = bob.openSocket("/")) {
			RouteReply reply = aliceSocket.call("POST", "/messages", Map.of("content", "over the socket"));

			assertThat(reply.status()).isEqualTo(201);
			assertThat(reply.header("Content-Type")).startsWith("application/json");
			assertThat(reply.json().get("content").asString()).isEqualTo("over the socket");
			aliceSocket.awaitPush().onChannel("chat").withPayload(reply.body());
			bobSocket.awaitPush().onChannel("chat").withPayload(reply.body());
		}
	}

	@Test
	void anInvalidMessagePostedOverTheSocketAnswers400() {
		RealtimeTestClient visitor = visitor();
		try (RealtimeTestSocket socket = visitor.openSocket("/")) {
			RouteReply reply = socket.call("POST", "/messages", Map.of("content", "  "));

			assertThat(reply.status()).isEqualTo(400);
			assertThat(reply.json().get("error").asString()).startsWith("content must not be empty or blank");
		}
	}

	@Test
	void aMessageOfExactly2000CharactersIsAccepted() {
		RealtimeTestClient visitor = visitor();
		try (RealtimeTestSocket socket = visitor.openSocket("/")) {
			String content = "x".repeat(2000);
			assertThat(visitor.postForm("/messages", "content=" + content).statusCode()).isEqualTo(201);
			socket.awaitPush().onChannel("chat").withPayloadAt("/content", content);
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
		RealtimeTestClient visitor = visitor();
		try (RealtimeTestSocket socket = visitor.openSocket("/")) {
			HttpResponse<String> response = visitor.post("/messages", contentType, body);

			assertThat(response.statusCode()).isEqualTo(400);
			JsonNode answer = JsonMapper.shared().readTree(response.body());
			assertThat(answer.get("status").asInt()).isEqualTo(400);
			assertThat(answer.get("error").asString()).startsWith(error);

			String marker = "valid after " + description;
			assertThat(visitor.postForm("/messages", Map.of("content", marker)).statusCode()).isEqualTo(201);
			// The first push to arrive is the valid one: the invalid message pushed nothing.
			assertThat(socket.awaitPush().payload().get("content").asString()).isEqualTo(marker);
		}
	}

	@Test
	void joiningARoomSubscribesTheCallingSocketAndRoomMessagesReachOnlyThatRoom() {
		RealtimeTestClient member = visitor();
		RealtimeTestClient chatter = visitor();
		HttpResponse<String> joined = member.post("/rooms/lobby-1/join", FORM, "");
		assertThat(joined.statusCode()).isEqualTo(200);
		JsonNode join = JsonMapper.shared().readTree(joined.body());
		assertThat(join.get("channel").asString()).isEqualTo("room:lobby-1");
		String connectionId = join.get("connection_id").asString();
		assertThat(connectionId).matches("[0-9a-f]{64}");

		try (RealtimeTestSocket roomSocket = member.connect(connectionId);
				RealtimeTestSocket chatSocket = chatter.openSocket("/")) {
			HttpResponse<String> posted = chatter.postJson("/rooms/lobby-1/messages", "{\"content\":\"in the lobby\"}");
			assertThat(posted.statusCode()).isEqualTo(201);
			roomSocket.awaitPush().onChannel("room:lobby-1").withPayload(posted.body());

			assertThat(chatter.postForm("/messages", "content=in+the+chat").statusCode()).isEqualTo(201);
			// The chat socket's first push is the chat message: the room's never reached it.
			AwaitedPush first = chatSocket.awaitPush();
			assertThat(first.channel()).isEqualTo("chat");
			assertThat(first.payload().get("content").asString()).isEqualTo("in the chat");
		}
	}

	@Test
	void joiningARoomOverTheSocketSubscribesThatSocket() {
		RealtimeTestClient member = visitor();
		RealtimeTestClient chatter = visitor();
		try (RealtimeTestSocket socket = member.openSocket("/")) {
			RouteReply joined = socket.call("POST", "/rooms/lobby-2/join");
			assertThat(joined.status()).isEqualTo(200);
			assertThat(joined.json().get("channel").asString()).isEqualTo("room:lobby-2");

			HttpResponse<String> posted = chatter.postJson("/rooms/lobby-2/messages", "{\"content\":\"joined live\"}");
			assertThat(posted.statusCode()).isEqualTo(201);
			socket.awaitPush().onChannel("room:lobby-2").withPayload(posted.body());
		}
	}

	@Test
	void roomMessagesAreValidatedAsChatMessages() {
		RealtimeTestClient visitor = visitor();
		assertThat(visitor.postForm("/rooms/lobby/messages", "content=").statusCode()).isEqualTo(400);
		assertThat(visitor.postJson("/rooms/lobby/messages", "{\"content\":\"" + "x".repeat(2001) + "\"}")
			.statusCode()).isEqualTo(400);
		assertThat(visitor.postJson("/rooms/lobby/messages", "{\"content\":").statusCode()).isEqualTo(400);
	}

	@Test
	void aRoomNameThatCouldMatchOtherRoomsIsRefused() {
		RealtimeTestClient visitor = visitor();
		HttpResponse<String> wildcard = visitor.postJson("/rooms/*/messages", "{\"content\":\"to every room\"}");
		assertThat(wildcard.statusCode()).isEqualTo(400);
		assertThat(JsonMapper.shared().readTree(wildcard.body()).get("error").asString()).startsWith("room must be");
		assertThat(visitor.postForm("/rooms/a*/join", "").statusCode()).isEqualTo(400);
	}

	@Test
	void aNonBrowserClientGetsAnIdAndKeyAndConnectsWithThem() {
		RealtimeTestClient client = visitor();
		IssuedConnection issued = client.issueConnection();
		assertThat(issued.connectionId()).matches("[0-9a-f]{64}");
		assertThat(issued.socketKey()).matches("[0-9a-f]{64}");
		try (RealtimeTestSocket socket = client.connect(issued)) {
			assertThat(socket.request("{\"id\":7,\"action\":\"ping\"}", "7").get("body").asString()).isEqualTo("pong");
		}
	}

	private RealtimeTestClient visitor() {
		return RealtimeTestClient.forPort(this.port);
	}

	private static String json(Object value) {
		return JsonMapper.shared().writeValueAsString(value);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
