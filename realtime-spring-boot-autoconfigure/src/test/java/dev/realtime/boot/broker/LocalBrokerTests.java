package dev.realtime.boot.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.RealtimeConnection;
import dev.realtime.boot.connection.SendLimits;
import dev.realtime.boot.registry.InMemoryRealtimeRegistry;
import dev.realtime.boot.registry.RealtimeRegistry.Claim;
import dev.realtime.boot.support.DetachedSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interleavings of the broker with sockets that close and resume, scripted by pausing a thread
 * where a preemption would: the windows are too narrow to meet by chance in a test.
 */
class LocalBrokerTests {

	@Test
	void subscriptionMadeWhileItsSocketClosesAndResumesReachesTheResumedSocket() throws Exception {
		CountDownLatch lookedUp = new CountDownLatch(1);
		CountDownLatch goOn = new CountDownLatch(1);
		Thread[] subscriber = new Thread[1];
		// Pauses the subscribing thread right after it found the socket.
		LiveConnections connections = new LiveConnections(new SendLimits(Duration.ofSeconds(10), 1 << 20), 1,
				Duration.ZERO) {

			@Override
			public @Nullable RealtimeConnection get(String digest) {
				RealtimeConnection found = super.get(digest);
				if (Thread.currentThread() == subscriber[0] && lookedUp.getCount() > 0) {
					lookedUp.countDown();
					try {
						goOn.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return found;
			}

		};
		InMemoryRealtimeRegistry registry = new InMemoryRealtimeRegistry(Duration.ofMinutes(1));
		try {
			LocalBroker broker = new LocalBroker(registry, connections, new PushFrames(JsonMapper.shared()));
			String digest = "digest";
			registry.issue(digest, Duration.ofMinutes(1));
			registry.claim(digest);
			RealtimeConnection first = connections.open(new DetachedSession("first"), "id", digest, null);
			broker.connected(first);
			subscriber[0] = new Thread(() -> broker.subscribe(digest, List.of("news")));
			subscriber[0].start();
			assertThat(lookedUp.await(5, TimeUnit.SECONDS)).isTrue();

			// The socket closes and its id resumes, as RealtimeWebSocketHandler does it.
			first.closed();
			connections.remove(first);
			broker.disconnected(first);
			registry.release(digest, Duration.ofSeconds(30));
			assertThat(registry.claim(digest)).isEqualTo(Claim.RESUMED);
			RealtimeConnection resumed = connections.open(new DetachedSession("resumed"), "id", digest, null);
			broker.connected(resumed);

			goOn.countDown();
			subscriber[0].join(5000);
			assertThat(registry.subscriptions(digest)).contains("news");
			assertThat(resumed.channels()).as("channels the resumed socket is indexed under").contains("news");
			assertThat(broker.hasLocalSubscribers("news")).isTrue();
		}
		finally {
			connections.close();
			registry.close();
		}
	}

}
