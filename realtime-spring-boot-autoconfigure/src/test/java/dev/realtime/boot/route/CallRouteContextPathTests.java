package dev.realtime.boot.route;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;

import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static dev.realtime.boot.route.RouteCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route called over the socket is named by its request URI, context path included, as in an
 * HTTP request line; the context path is a whole number of segments of it.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.context-path=/app")
class CallRouteContextPathTests {

	@Autowired
	Environment environment;

	@Test
	void uriUnderTheContextPathReachesTheRoute() {
		try (RealtimeTestSocket socket = RealtimeTestClient.from(this.environment).connectWithoutBrowser()) {
			JsonNode reply = call(socket, "1", "GET", "/app/route/echo");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
			assertThat(RouteCalls.body(reply).get("uri").asString()).isEqualTo("/app/route/echo");
		}
	}

	@Test
	void uriThatOnlyStartsWithTheContextPathsTextIsOutsideIt() {
		try (RealtimeTestSocket socket = RealtimeTestClient.from(this.environment).connectWithoutBrowser()) {
			for (String uri : new String[] { "/appx/route/echo", "/route/echo" }) {
				JsonNode reply = call(socket, uri, "GET", uri);
				assertThat(reply.get("status").asInt()).as(uri).isEqualTo(404);
				assertThat(reply.get("error").asString()).as(uri)
					.isEqualTo("call-route \"uri\" is outside the application's context path '/app'");
			}
		}
	}

}
