package dev.realtime.boot.jetty;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write held up by a client that stopped reading ends with the send time limit on Jetty even
 * when the socket was already being closed for another reason (its pings going unanswered),
 * instead of after Jetty's 30 s idle timeout.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.ping-interval=1s", "realtime.send.time-limit=4s",
				"realtime.send.buffer-size-limit=1GB" })
@ExtendWith(OutputCaptureExtension.class)
@Tag("jetty")
class JettyStalledWriteTests {

	private static final String PAD = "x".repeat(8 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Autowired
	LiveConnections connections;

	@Test
	void stalledClientClosedByItsPingsWhileAWriteIsHeldUpIsDroppedByTheTimeLimit(CapturedOutput output) {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int before = this.connections.size();
		try (RealtimeTestSocket stalled = browser.connectStalled(browser.renderPage("/page?channel=flood"))) {
			Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.connections.size() == before + 1);
			// Far more than the socket buffers hold: a write to it is soon held up, and the
			// stalled client answers no ping, so the heartbeat closes it (1001) after 2 s, before
			// the time limit of 4 s.
			for (int seq = 0; seq < 2000; seq++) {
				this.publisher.push(Map.of("seq", seq, "pad", PAD), "flood");
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(12))
				.untilAsserted(() -> assertThat(this.connections.size()).as("open sockets").isEqualTo(before));
			assertThat(output).contains("(1013): send time limit of 4000 ms exceeded");
		}
	}

}
