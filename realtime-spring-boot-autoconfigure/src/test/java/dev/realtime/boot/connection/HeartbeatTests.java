package dev.realtime.boot.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.support.SilentClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;
import dev.realtime.boot.web.SessionRecordingHandlerConfiguration;
import dev.realtime.boot.web.SessionRecordingHandlerConfiguration.RecordingHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pings find the clients whose network dropped without a word, so their ids can resume.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, SessionRecordingHandlerConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.ping-interval=1s", "realtime.resume-window=30s" })
public class HeartbeatTests {

	@LocalServerPort
	int port;

	@Autowired
	LiveConnections connections;

	@Autowired
	RecordingHandler handler;

	@Test
	void silentClientIsClosedAndItsIdResumesWithItsSubscriptions() throws Exception {
		assertSilentClientIsLetGoAndItsIdResumes(this.port, this.connections);
	}

	/**
	 * Connect a client that neither reads nor writes, and check that it holds its id until its
	 * pings go unanswered, is let go within 10 s, and that its id then resumes with its
	 * subscriptions. The server's ping interval must be 1 s.
	 * @param port the server's port
	 * @param connections the server's open sockets
	 * @throws Exception on a network failure
	 */
	public static void assertSilentClientIsLetGoAndItsIdResumes(int port, LiveConnections connections)
			throws Exception {
		TestAppBrowser browser = new TestAppBrowser(port);
		String id = browser.renderPage("/page?channel=heartbeat");
		try (SilentClient silent = SilentClient.connect(port, "/?socket_connection_id=" + id,
				browser.handshakeHeaders())) {
			Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> connections.size() == 1);
			assertThat(browser.refusalStatus(id)).as("status while the silent socket holds the id").isEqualTo(403);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> connections.size() == 0);
			try (RealtimeTestSocket resumed = browser.connect(id)) {
				browser.push("{\"n\":1}", "heartbeat");
				assertThat(resumed.next().toString()).isEqualTo("{\"channel\":\"heartbeat\",\"payload\":{\"n\":1}}");
			}
		}
	}

	@Test
	void clientThatAnswersPingsStaysOpen() throws InterruptedException {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("alive")) {
			Thread.sleep(4000);
			assertThat(socket.isClosed()).isFalse();
			browser.push("{\"n\":2}", "alive");
			assertThat(socket.next().get("payload").get("n").asInt()).isEqualTo(2);
		}
	}

	@Test
	void pingsAreSpreadOverTheIntervalRatherThanSentToEverySocketAtOnce() throws InterruptedException {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		List<RealtimeTestSocket> sockets = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		try {
			for (int i = 0; i < 30; i++) {
				String id = browser.renderPage("/page");
				sockets.add(browser.connect(id));
				ids.add(id);
			}
			long windowStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
			long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(1);
			Thread.sleep(2500);
			// Within one interval every socket is pinged once; a sweep of every socket at once
			// would have them all answer within a few milliseconds.
			List<Long> answered = new ArrayList<>();
			for (String id : ids) {
				this.handler.pongs(id).stream().filter((at) -> at >= windowStart && at < windowEnd).forEach(answered::add);
			}
			assertThat(answered).as("pongs within one interval").hasSizeGreaterThanOrEqualTo(25);
			LongSummaryStatistics times = answered.stream().mapToLong(Long::longValue).summaryStatistics();
			long spread = times.getMax() - times.getMin();
			assertThat(TimeUnit.NANOSECONDS.toMillis(spread)).as("ms between the first and last pong").isGreaterThan(400);
			assertThat(sockets).noneMatch(RealtimeTestSocket::isClosed);
		}
		finally {
			sockets.forEach(RealtimeTestSocket::close);
		}
	}

}
