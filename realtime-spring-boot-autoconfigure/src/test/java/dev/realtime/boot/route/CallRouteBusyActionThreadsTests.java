package dev.realtime.boot.route;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static dev.realtime.boot.route.RouteCalls.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code call-route} when every action thread is busy and their queue is full: one thread and a
 * queue of one.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.actions.threads=1", "realtime.actions.queue-capacity=1" })
class CallRouteBusyActionThreadsTests {

	@LocalServerPort
	int port;

	@Test
	void asyncRouteResumedWhileNoActionThreadIsFreeStillRepliesAndItsResumerCarriesOn() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			socket.send(message("hold", "GET", "/route/hold").toString());
			awaitBody(browser, "/route/held", "1");
			socket.send(message("gate-1", "GET", "/route/gate").toString());
			awaitBody(browser, "/route/at-gate", "1");
			socket.send(message("gate-2", "GET", "/route/gate").toString());
			socket.send("{\"id\":\"one-more\",\"action\":\"ping\"}");
			JsonNode refused = socket.next();
			assertThat(refused.get("id").asString()).isEqualTo("one-more");
			assertThat(refused.get("status").asInt()).isEqualTo(503);

			// The held route resumes on the thread that releases it, which then answers.
			assertThat(browser.postForm("/route/release", "").statusCode()).isEqualTo(200);
			JsonNode held = socket.next();
			assertThat(held.get("id").asString()).isEqualTo("hold");
			assertThat(held.get("body").asString()).isEqualTo("released");

			browser.postForm("/route/open-gate", "");
			assertThat(socket.next(2)).allSatisfy((reply) -> assertThat(reply.get("body").asString()).isEqualTo("through"));
		}
		finally {
			browser.postForm("/route/open-gate", "");
		}
	}

	private static void awaitBody(TestAppBrowser browser, String path, String body) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.get(path).body().equals(body));
	}

}
