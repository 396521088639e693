package dev.realtime.boot.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@link RealtimeTestSocket} against a plain WebSocket server that answers every message.
 */
@SpringBootTest(classes = ReplyingServer.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RealtimeTestSocketTests {

	@LocalServerPort
	int port;

	@Test
	void requestsFromSeveralThreadsOnOneSocketEachGetTheirReply() throws Exception {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try (RealtimeTestSocket socket = client.connect("a")) {
			List<Callable<Void>> pingers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				pingers.add(() -> {
					for (int j = 0; j < 25; j++) {
						socket.ping();
					}
					return null;
				});
			}
			for (Future<Void> pinger : threads.invokeAll(pingers)) {
				pinger.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
