package dev.realtime.boot.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading is closed by the send buffer limit and never holds up the others.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.send.buffer-size-limit=256KB", "realtime.send.time-limit=30s" })
@ExtendWith(OutputCaptureExtension.class)
public class SlowConsumerTests {

	static final int PUSHES = 2000;

	static final int BATCH = 10;

	static final String PAD = "x".repeat(8 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Autowired
	LiveConnections connections;

	@Autowired
	MeterRegistry registry;

	@Test
	void stalledClientIsClosedByTheBufferLimitWhileOthersReceiveEverything(CapturedOutput output) {
		Counter closed = this.registry.get("realtime.send.closed").tag("reason", "buffer").counter();
		double before = closed.count();
		assertStalledClientIsClosedWhileOthersReceiveEverything(new TestAppBrowser(this.port), this.publisher,
				this.connections);
		assertThat(output).contains("(1013): send buffer limit of 262144 bytes exceeded");
		// Tomcat's warning when it must flush a batch of frames on close, waiting on the stalled
		// write once more: bursts are written so that it never has to.
		assertThat(output).doesNotContain("Failed to flush batched messages");
		assertThat(closed.count()).as("sockets closed by the buffer limit").isEqualTo(before + 1);
	}

	public static void assertStalledClientIsClosedWhileOthersReceiveEverything(TestAppBrowser browser, RealtimePublisher publisher,
			LiveConnections connections) {
		// Closed by the buffer limit well before a 30 s time limit could: a close that waited for
		// the stalled write (as it would if the socket were closed in the middle of a batched
		// burst) would miss this.
		assertStalledClientIsClosedWhileOthersReceiveEverything(browser, publisher, connections, Duration.ofSeconds(10));
	}

	public static void assertStalledClientIsClosedWhileOthersReceiveEverything(TestAppBrowser browser, RealtimePublisher publisher,
			LiveConnections connections, Duration closedWithin) {
		int before = connections.size();
		try (RealtimeTestSocket stalled = browser.connectStalled(browser.renderPage("/page?channel=fan")); RealtimeTestSocket a = browser.openPage("fan"); RealtimeTestSocket b = browser.openPage("fan");
				RealtimeTestSocket c = browser.openPage("fan")) {
			assertThat(connections.size()).isEqualTo(before + 4);
			// Steady traffic that readers keep up with: bursts stay far under the buffer limit,
			// while everything sent to the stalled client piles up.
			for (int batch = 0; batch < PUSHES; batch += BATCH) {
				for (int seq = batch; seq < batch + BATCH; seq++) {
					publisher.push(Map.of("seq", seq, "pad", PAD), "fan");
				}
				for (RealtimeTestSocket reader : List.of(a, b, c)) {
					List<JsonNode> frames = reader.next(BATCH);
					for (int i = 0; i < BATCH; i++) {
						assertThat(frames.get(i).get("payload").get("seq").asInt()).isEqualTo(batch + i);
					}
				}
			}
			Awaitility.await().atMost(closedWithin).untilAsserted(
					() -> assertThat(connections.size()).as("open sockets after the stalled one was closed")
						.isEqualTo(before + 3));
			assertThat(a.request("{\"id\":\"alive\",\"action\":\"ping\"}", "alive").get("body").asString())
				.isEqualTo("pong");
		}
	}

}
