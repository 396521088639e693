package dev.realtime.boot.action;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages read with the application's JsonMapper set to refuse duplicate properties: the
 * error reply says what was wrong, not that the text held more than one JSON value.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.jackson.deserialization.fail-on-reading-dup-tree-key=true")
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

}
