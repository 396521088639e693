package dev.realtime.boot.connection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * Pushes from many threads at once to the same sockets.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ConcurrentPushTests {

	private static final int THREADS = 8;

	private static final int PUSHES = 500;

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Test
	void pushesFromManyThreadsArriveWholeAndInOrderPerChannel() throws Exception {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String[] channels = new String[THREADS];
		for (int t = 0; t < THREADS; t++) {
			channels[t] = "thread-" + t;
		}
		try (RealtimeTestSocket first = browser.openPage(channels); RealtimeTestSocket second = browser.openPage(channels)) {
			ExecutorService pushers = Executors.newFixedThreadPool(THREADS);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> done = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					String channel = channels[t];
					done.add(pushers.submit(() -> {
						start.await();
						for (int seq = 0; seq < PUSHES; seq++) {
							this.publisher.push(Map.of("seq", seq, "text", "message " + seq + " of " + channel), channel);
						}
						return null;
					}));
				}
				start.countDown();
				for (Future<?> future : done) {
					future.get();
				}
			}
			finally {
				pushers.shutdownNow();
			}
			for (RealtimeTestSocket socket : List.of(first, second)) {
				Map<String, Integer> lastSeq = new HashMap<>();
				for (JsonNode frame : socket.next(THREADS * PUSHES)) {
					String channel = frame.get("channel").asString();
					int seq = frame.get("payload").get("seq").asInt();
					assertThat(frame.get("payload").get("text").asString()).isEqualTo("message " + seq + " of " + channel);
					assertThat(seq).as("next message on %s", channel).isEqualTo(lastSeq.getOrDefault(channel, -1) + 1);
					lastSeq.put(channel, seq);
				}
				assertThat(lastSeq).hasSize(THREADS).allSatisfy((channel, seq) -> assertThat(seq).isEqualTo(PUSHES - 1));
			}
		}
	}

}
