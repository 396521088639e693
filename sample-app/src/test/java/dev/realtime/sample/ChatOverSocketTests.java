package dev.realtime.sample;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's routes called over the socket with call-route, as the page calls them (SPEC §6).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatOverSocketTests {

	@LocalServerPort
	int port;

	@Test
	void aMessagePostedOverTheSocketAnswers201AndReachesEveryPage() {
		RealtimeTestClient alice = new RealtimeTestClient(this.port);
		RealtimeTestClient bob = new RealtimeTestClient(this.port);
		try (RealtimeTestSocket aliceSocket = alice.connect(alice.renderPage("/"));
				RealtimeTestSocket bobSocket = bob.connect(bob.renderPage("/"))) {
			JsonNode reply = call(aliceSocket, "1", "POST", "/messages", "{\"content\":\"over the socket\"}");
			assertThat(reply.get("status").asInt()).isEqualTo(201);
			JsonNode posted = JsonMapper.shared().readTree(reply.get("body").asString());
			assertThat(posted.get("content").asString()).isEqualTo("over the socket");

			JsonNode push = bobSocket.next();
			assertThat(push.get("channel").asString()).isEqualTo("chat");
			assertThat(push.get("payload")).isEqualTo(posted);
			assertThat(aliceSocket.next().get("payload")).isEqualTo(posted);
		}
	}

	@Test
	void aBlankMessageOverTheSocketAnswers400AndPushesNothing() {
		RealtimeTestClient alice = new RealtimeTestClient(this.port);
		try (RealtimeTestSocket socket = alice.connect(alice.renderPage("/"))) {
			JsonNode reply = call(socket, "1", "POST", "/messages", "{\"content\":\"   \"}");
			assertThat(reply.get("status").asInt()).isEqualTo(400);
			assertThat(JsonMapper.shared().readTree(reply.get("body").asString()).get("error").asString())
				.isEqualTo("content must not be empty or blank");
			assertThat(call(socket, "2", "POST", "/messages", "{\"content\":\"next\"}").get("status").asInt())
				.isEqualTo(201);
			assertThat(socket.next().get("payload").get("content").asString()).isEqualTo("next");
		}
	}

	@Test
	void aRoomJoinedOverTheSocketIsPrivateToTheSocketsThatJoinedIt() {
		RealtimeTestClient member = new RealtimeTestClient(this.port);
		RealtimeTestClient outsider = new RealtimeTestClient(this.port);
		try (RealtimeTestSocket memberSocket = member.connect(member.renderPage("/"));
				RealtimeTestSocket outsiderSocket = outsider.connect(outsider.renderPage("/"))) {
			JsonNode joined = call(memberSocket, "j", "POST", "/rooms/attic/join", null);
			assertThat(joined.get("status").asInt()).isEqualTo(200);
			JsonNode join = JsonMapper.shared().readTree(joined.get("body").asString());
			assertThat(join.get("channel").asString()).isEqualTo("room:attic");

			assertThat(call(outsiderSocket, "1", "POST", "/rooms/attic/messages", "{\"content\":\"knock knock\"}")
				.get("status").asInt()).isEqualTo(201);
			JsonNode roomPush = memberSocket.next();
			assertThat(roomPush.get("channel").asString()).isEqualTo("room:attic");
			assertThat(roomPush.get("payload").get("content").asString()).isEqualTo("knock knock");

			// Pushed after the room's message: had the outsider been in the room, it would come second.
			assertThat(call(outsiderSocket, "2", "POST", "/messages", "{\"content\":\"anyone?\"}").get("status").asInt())
				.isEqualTo(201);
			JsonNode first = outsiderSocket.next();
			assertThat(first.get("channel").asString()).isEqualTo("chat");
			assertThat(first.get("payload").get("content").asString()).isEqualTo("anyone?");
		}
	}

	@Test
	void aBadRoomNameOverTheSocketAnswers400() {
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/"))) {
			assertThat(call(socket, "1", "POST", "/rooms/a*b/join", null).get("status").asInt()).isEqualTo(400);
		}
	}

	private static JsonNode call(RealtimeTestSocket socket, String id, String method, String uri, String input) {
		ObjectNode message = JsonMapper.shared().createObjectNode();
		message.put("id", id);
		message.put("action", "call-route");
		message.put("method", method);
		message.put("uri", uri);
		if (input != null) {
			message.set("input", JsonMapper.shared().readTree(input));
		}
		return socket.request(message.toString(), id);
	}

}
