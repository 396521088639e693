package dev.realtime.boot;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.support.Browser;
import dev.realtime.boot.support.TestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SmokeTests {

	@LocalServerPort
	int port;

	@Test
	void pushReachesSubscribedPage() {
		Browser browser = new Browser(this.port);
		try (TestSocket socket = browser.openPage("chat")) {
			browser.push("{\"text\":\"hi\"}", "chat");
			JsonNode frame = socket.next();
			assertThat(frame.toString()).isEqualTo("{\"channel\":\"chat\",\"payload\":{\"text\":\"hi\"}}");
		}
	}

}
