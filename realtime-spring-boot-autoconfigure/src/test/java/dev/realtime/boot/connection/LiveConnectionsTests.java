package dev.realtime.boot.connection;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.realtime.boot.support.DetachedSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open sockets' bookkeeping by HTTP session, raced: the window is a few instructions wide,
 * so the two threads meet at a barrier and try again for a few seconds.
 */
class LiveConnectionsTests {

	private static final Duration RACING = Duration.ofSeconds(6);

	@Test
	void socketOpenedWhileAnotherOfItsHttpSessionClosesIsClosedWhenTheSessionEnds() throws Exception {
		LiveConnections connections = new LiveConnections(new SendLimits(Duration.ofSeconds(10), 1 << 20), 1,
				Duration.ZERO);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		long rounds = 0;
		int escaped = 0;
		try {
			long deadline = System.nanoTime() + RACING.toNanos();
			while (escaped == 0 && System.nanoTime() < deadline) {
				String httpSession = "session-" + rounds;
				RealtimeConnection first = connections.open(new DetachedSession("a" + rounds), "a", "a" + rounds,
						httpSession);
				CyclicBarrier together = new CyclicBarrier(2);
				long round = rounds;
				Future<RealtimeConnection> opening = threads.submit(() -> {
					together.await();
					return connections.open(new DetachedSession("b" + round), "b", "b" + round, httpSession);
				});
				Future<?> closing = threads.submit(() -> {
					together.await();
					first.closed();
					connections.remove(first);
					return null;
				});
				RealtimeConnection second = opening.get();
				closing.get();
				connections.closeSession(httpSession);
				if (!second.isClosing()) {
					escaped++;
				}
				connections.remove(second);
				rounds++;
			}
		}
		finally {
			threads.shutdownNow();
			connections.close();
		}
		assertThat(escaped).as("sockets left open after their HTTP session ended, in " + rounds + " rounds").isZero();
	}

}
