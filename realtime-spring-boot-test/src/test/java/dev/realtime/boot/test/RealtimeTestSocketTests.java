package dev.realtime.boot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	@Test
	void waitingForSeveralFramesGivesUpOnEachWithinTheClientsTimeout() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port).withTimeout(Duration.ofMillis(500));
		try (RealtimeTestSocket socket = client.connect("quiet")) {
			long started = System.nanoTime();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> socket.next(1))
				.withMessageContaining("Only 0 of 1 frames arrived");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("wait for a frame that never comes")
				.isLessThan(Duration.ofMillis(900));
		}
	}

	@Test
	void aConnectWhoseSocketIsNotBoundLeavesNoSocketOpen() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.connect("busy"))
			.withMessageContaining("Ping answered");
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(ReplyingServer.open).as("sockets open on the server")
				.doesNotContain("socket_connection_id=busy"));
	}

	@Test
	void closedSocketsLeaveNoThreadsBehind() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		// One socket first: whatever is made once for every socket is made now.
		client.connect("first").close();
		long before = selectorThreads();
		List<RealtimeTestSocket> closed = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			RealtimeTestSocket socket = client.connect("socket-" + i);
			socket.close();
			closed.add(socket);
		}
		assertThat(selectorThreads()).as("HTTP client selector threads after 10 sockets were opened and closed")
			.isLessThanOrEqualTo(before);
		assertThat(closed).allSatisfy((socket) -> assertThat(socket).isNotNull());
	}

	@Test
	void clientsLeaveNoThreadsBehindAndEachKeepsItsOwnCookies() {
		RealtimeTestClient first = RealtimeTestClient.forPort(this.port);
		assertThat(first.get("/visits").body()).isEqualTo("1");
		long before = selectorThreads();
		List<RealtimeTestClient> visitors = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			RealtimeTestClient visitor = RealtimeTestClient.forPort(this.port);
			assertThat(visitor.get("/visits").body()).isEqualTo("1");
			assertThat(visitor.get("/visits").body()).isEqualTo("2");
			visitors.add(visitor);
		}
		assertThat(first.get("/visits").body()).isEqualTo("2");
		assertThat(selectorThreads()).as("HTTP client selector threads after 10 clients sent requests")
			.isLessThanOrEqualTo(before);
	}

	private static long selectorThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().matches("HttpClient-\\d+-SelectorManager"))
			.count();
	}

}
