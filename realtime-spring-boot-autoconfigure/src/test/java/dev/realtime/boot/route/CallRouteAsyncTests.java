package dev.realtime.boot.route;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static dev.realtime.boot.route.RouteCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async requests of routes called over the socket, as the servlet container runs them.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CallRouteAsyncTests {

	@LocalServerPort
	int port;

	TestAppBrowser browser;

	RealtimeTestSocket socket;

	@BeforeEach
	void connect() {
		this.browser = new TestAppBrowser(this.port);
		this.socket = this.browser.connect(this.browser.renderPage("/page"));
	}

	@AfterEach
	void close() {
		this.socket.close();
	}

	@Test
	void startAsyncWithoutArgumentsGivesTheRequestsOwnResponseAsOverHttp() {
		String overHttp = this.browser.get("/route-edge/start-async").body();
		assertThat(overHttp).isEqualTo("answered through the async context's response, original: true");
		JsonNode reply = call(this.socket, "s", "GET", "/route-edge/start-async");
		assertThat(reply.get("status").asInt()).isEqualTo(200);
		assertThat(reply.get("body").asString()).isEqualTo(overHttp);
	}

}
