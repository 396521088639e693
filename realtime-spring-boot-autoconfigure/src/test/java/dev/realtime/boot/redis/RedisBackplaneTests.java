package dev.realtime.boot.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.StampedLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.test.util.ReflectionTestUtils;

import dev.realtime.boot.broker.Backplane;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.broker.PushFrames;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.SendLimits;
import dev.realtime.boot.registry.InMemoryRealtimeRegistry;
import dev.realtime.boot.support.DetachedSession;
import dev.realtime.boot.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backplane against a real Redis, in interleavings scripted by pausing threads where a
 * preemption would: the windows are too narrow to meet by chance in a test.
 */
class RedisBackplaneTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private static final String CHANNEL = "room";

	@Test
	void socketJoiningWhileAStaleNotificationUnsubscribesItsChannelLeavesTheChannelSubscribed() throws Exception {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(factory);
		container.setTaskExecutor(new SyncTaskExecutor());
		container.afterPropertiesSet();
		container.start();
		AtomicReference<LocalBroker> brokerOfBackplane = new AtomicReference<>();
		RedisBackplane backplane = new RedisBackplane(new StringRedisTemplate(factory), container, "test:",
				brokerOfBackplane::get);
		LiveConnections connections = new LiveConnections(new SendLimits(Duration.ofSeconds(10), 1 << 20), 1,
				Duration.ZERO);
		InMemoryRealtimeRegistry registry = new InMemoryRealtimeRegistry(Duration.ofMinutes(1));
		Thread[] stale = new Thread[1];
		CountDownLatch notifying = new CountDownLatch(1);
		CountDownLatch notify = new CountDownLatch(1);
		CountDownLatch asked = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		// The stale notification's thread: paused before it reaches the backplane, and again
		// right after the backplane asked the broker whether the channel has subscribers here.
		Backplane pausingBackplane = new Backplane() {

			@Override
			public void publish(String payloadJson, Collection<String> channels) {
				backplane.publish(payloadJson, channels);
			}

			@Override
			public void localSubscribersChanged(String channel) {
				if (Thread.currentThread() == stale[0] && notifying.getCount() > 0) {
					notifying.countDown();
					await(notify);
				}
				backplane.localSubscribersChanged(channel);
			}

			@Override
			public void localSubscriberJoined(String channel) {
				backplane.localSubscriberJoined(channel);
			}

		};
		LocalBroker broker = new LocalBroker(registry, connections, new PushFrames(JsonMapper.shared()),
				pausingBackplane) {

			@Override
			public boolean hasLocalSubscribers(String channel) {
				boolean has = super.hasLocalSubscribers(channel);
				if (Thread.currentThread() == stale[0]) {
					asked.countDown();
					await(answer);
				}
				return has;
			}

		};
		brokerOfBackplane.set(broker);
		try {
			for (String digest : List.of("d", "a", "b")) {
				registry.issue(digest, Duration.ofMinutes(1));
				connections.open(new DetachedSession(digest), digest, digest, null);
			}
			broker.subscribe("d", List.of(CHANNEL));
			assertThat(backplane.subscribedChannels()).contains(CHANNEL);

			// d leaves: its set leaves the index, and its notification is held back.
			stale[0] = new Thread(() -> broker.unsubscribe("d", List.of(CHANNEL)));
			stale[0].start();
			assertThat(notifying.await(5, TimeUnit.SECONDS)).isTrue();
			// a joins (a new set; Redis is still subscribed) and leaves, and is held where it is
			// about to retire the set that it emptied.
			broker.subscribe("a", List.of(CHANNEL));
			Map<?, ?> index = (Map<?, ?>) ReflectionTestUtils.getField(broker, "subscribers");
			StampedLock setLock = (StampedLock) ReflectionTestUtils.getField(index.get(CHANNEL), "lock");
			long reading = setLock.readLock();
			Thread leaving = new Thread(() -> broker.unsubscribe("a", List.of(CHANNEL)));
			leaving.start();
			awaitWaiting(leaving);
			// The stale notification asks the broker now: the set is empty.
			notify.countDown();
			assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
			// b joins the empty set meanwhile, then every thread goes on.
			Thread joining = new Thread(() -> broker.subscribe("b", List.of(CHANNEL)));
			joining.start();
			Thread.sleep(200);
			setLock.unlockRead(reading);
			leaving.join(5000);
			answer.countDown();
			stale[0].join(5000);
			joining.join(5000);

			assertThat(broker.hasLocalSubscribers(CHANNEL)).isTrue();
			assertThat(backplane.subscribedChannels()).as("channels the instance receives from Redis").contains(CHANNEL);
			assertThat(redis.command("PUBSUB", "NUMSUB", "test:channel:" + CHANNEL)).endsWith(":1\r\n");
		}
		finally {
			backplane.close();
			connections.close();
			registry.close();
			container.stop();
			factory.destroy();
		}
	}

	private static void awaitWaiting(Thread thread) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (thread.getState() != Thread.State.WAITING && System.nanoTime() < until) {
			Thread.sleep(1);
		}
		assertThat(thread.getState()).as("thread waiting for the set's write lock").isEqualTo(Thread.State.WAITING);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
