package dev.realtime.boot.jetty;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.support.SilentClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pings on Jetty: a client whose network dropped answers neither the pings nor the close that
 * follows them, and Jetty would wait its idle timeout (30 s) for that close before it lets the
 * socket go and its id resume.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.ping-interval=1s", "realtime.send.time-limit=1s", "realtime.resume-window=30s" })
@Tag("jetty")
class JettyHeartbeatTests {

	@LocalServerPort
	int port;

	@Autowired
	LiveConnections connections;

	@Test
	void silentClientIsLetGoSoonAfterItsPingsGoUnansweredAndItsIdResumesWithItsSubscriptions() throws Exception {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=heartbeat");
		try (SilentClient silent = SilentClient.connect(this.port, "/?socket_connection_id=" + id,
				browser.handshakeHeaders())) {
			Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.connections.size() == 1);
			assertThat(browser.refusalStatus(id)).as("status while the silent socket holds the id").isEqualTo(403);
			// Two intervals of silence, then the close, then the send time limit at most.
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.connections.size() == 0);
			try (RealtimeTestSocket resumed = browser.connect(id)) {
				browser.push("{\"n\":1}", "heartbeat");
				assertThat(resumed.next().toString()).isEqualTo("{\"channel\":\"heartbeat\",\"payload\":{\"n\":1}}");
			}
		}
	}

}
