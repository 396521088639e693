package dev.realtime.boot.connection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes held up by clients that stopped reading do not hold up the others, even when there
 * are more such clients than sender threads: the send limits here would take a minute to
 * close them, and the reader must not wait for that.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.send.threads=1", "realtime.send.buffer-size-limit=1GB",
				"realtime.send.time-limit=60s" })
class StalledWritesTests {

	private static final int PUSHES = 1000;

	private static final int BATCH = 10;

	private static final String PAD = "x".repeat(8 * 1024);

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Autowired
	LiveConnections connections;

	@Test
	void readerReceivesEverythingWhileMoreClientsThanSenderThreadsAreStalled() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int before = this.connections.size();
		try (RealtimeTestSocket stalled1 = browser.connectStalled(browser.renderPage("/page?channel=fan"));
				RealtimeTestSocket stalled2 = browser.connectStalled(browser.renderPage("/page?channel=fan"));
				RealtimeTestSocket stalled3 = browser.connectStalled(browser.renderPage("/page?channel=fan"));
				RealtimeTestSocket reader = browser.openPage("fan")) {
			// 8 MB for each client: far more than the kernel buffers of a stalled one hold, so
			// that the writes to it block while the reader still reads.
			for (int batch = 0; batch < PUSHES; batch += BATCH) {
				for (int seq = batch; seq < batch + BATCH; seq++) {
					this.publisher.push(Map.of("seq", seq, "pad", PAD), "fan");
				}
				List<JsonNode> frames = reader.next(BATCH);
				for (int i = 0; i < BATCH; i++) {
					assertThat(frames.get(i).get("payload").get("seq").asInt()).isEqualTo(batch + i);
				}
			}
			assertThat(this.connections.size()).as("open sockets: the stalled ones were not closed meanwhile")
				.isEqualTo(before + 4);
			assertThat(this.connections.senderThreadCount()).as("sender threads, one making up for each held-up write")
				.isGreaterThan(1);
		}
		// The stalled clients are gone, so their writes failed: pushes that keep coming must not
		// keep the extra threads alive.
		try (RealtimeTestSocket reader = browser.openPage("fan")) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			int seq = 0;
			while (this.connections.senderThreadCount() > 1 && System.nanoTime() < deadline) {
				this.publisher.push(Map.of("seq", seq), "fan");
				assertThat(reader.next(1).get(0).get("payload").get("seq").asInt()).isEqualTo(seq++);
			}
			assertThat(this.connections.senderThreadCount()).as("sender threads once no write is held up").isEqualTo(1);
		}
	}

}
