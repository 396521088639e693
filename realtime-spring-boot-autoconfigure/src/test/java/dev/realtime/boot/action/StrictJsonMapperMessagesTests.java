package dev.realtime.boot.action;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages read with the application's JsonMapper set to refuse duplicate properties and to
 * read fractions as decimals: the error reply says what was wrong, and the socket stays open.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.jackson.deserialization.fail-on-reading-dup-tree-key=true",
				"spring.jackson.deserialization.use-big-decimal-for-floats=true" })
class StrictJsonMapperMessagesTests {

	@LocalServerPort
	int port;

	@Test
	void duplicatePropertyIsNotCalledMoreThanOneJsonValue() {
		try (RealtimeTestSocket socket = new TestAppBrowser(this.port).openPage("room")) {
			socket.send("{\"id\":1,\"id\":2,\"action\":\"ping\"}");
			String error = socket.next().get("error").asString();
			assertThat(error).isEqualTo("malformed JSON: a property given more than once");
			socket.send("{\"id\":1,\"action\":\"ping\"} {\"id\":2}");
			assertThat(socket.next().get("error").asString()).isEqualTo("malformed JSON: more than one JSON value");
		}
	}

	@Test
	void numberThatADecimalCannotHoldGetsAnErrorReplyAndTheSocketStaysOpen() {
		try (RealtimeTestSocket socket = new TestAppBrowser(this.port).openPage("room")) {
			socket.send("{\"id\":1e-2147483649,\"action\":\"ping\"}");
			JsonNode error = socket.next();
			assertThat(error.get("status").asInt()).isEqualTo(400);
			assertThat(error.get("error").asString()).isEqualTo("malformed JSON: a number out of range");
			socket.ping();
		}
	}

}
