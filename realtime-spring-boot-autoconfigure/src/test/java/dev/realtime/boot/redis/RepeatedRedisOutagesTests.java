package dev.realtime.boot.redis;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.resource.ClientResources;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is killed and started again on the same port five times, about five seconds each
 * time, while the instances push, subscribe and close sockets: every outage ends with pushes
 * crossing instances again, and none leaves threads, Redis connections, subscriptions or
 * retries behind. Lettuce starts its event loop threads lazily, the first reconnect among
 * them; they stay within its pools' sizes.
 */
class RepeatedRedisOutagesTests {

	// The first reconnect starts Lettuce's lazy threads; the outages after it must add none.
	private static final int OUTAGES = 3;

	// Pools whose threads come and go with the requests, the actions and the sockets of the
	// test, and the JDK's reaper of the redis-server processes; not with Redis.
	private static final String TRAFFIC = "realtime-action-|realtime-send-|http-nio-.*-exec-|HttpClient-|process reaper"
			+ "|awaitility";

	@RegisterExtension
	static final TwoInstances instances = new TwoInstances(RealtimeTestApplication.class,
			"spring.data.redis.timeout=500ms");

	@Test
	void repeatedRedisOutagesLeaveNoThreadsConnectionsSubscriptionsOrRetriesBehind() throws Exception {
		RealtimeTestSocket onB = instances.b().browser().openPage("across");
		crossesInstances(onB, 0);
		int connections = redisClients();
		Map<String, Integer> afterFirst = null;
		for (int outage = 1; outage <= OUTAGES; outage++) {
			String closedDuringOutage = "closed-" + outage;
			RealtimeTestSocket socket = instances.a().browser().openPage(closedDuringOutage);
			instances.redis().stop();
			Thread.sleep(2500);
			// Not propagated, and a release and an unsubscribe to send again once Redis is back.
			instances.a().browser().push("{\"n\":-1}", "across");
			socket.close();
			Thread.sleep(2500);
			instances.redis().start();
			crossesInstances(onB, outage);
			Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				assertThat(instances.a().backplane().pending()).as("pushes waiting on A").isZero();
				assertThat(instances.a().backplane().subscribedChannels()).as("channels of A").isEmpty();
				assertThat(instances.b().backplane().subscribedChannels()).as("channels of B").containsExactly("across");
				assertThat(numsub("realtime:channel:" + closedDuringOutage)).as("left during the outage").isZero();
				assertThat(numsub("realtime:channel:across")).isOne();
				assertThat(numsub("realtime:wildcard")).isEqualTo(2);
				assertThat(redisClients()).as("connections to Redis").isEqualTo(connections);
			});
			Map<String, Integer> now = threads();
			assertWithinLettucePools(now);
			if (afterFirst == null) {
				afterFirst = now;
			}
			else {
				Map<String, Integer> first = afterFirst;
				int after = outage;
				now.forEach((name, count) -> {
					if (!name.startsWith("lettuce-")) {
						assertThat(count).as("threads '%s' after outage %d (after the first: %d)", name, after,
								first.getOrDefault(name, 0)).isLessThanOrEqualTo(first.getOrDefault(name, 0));
					}
				});
			}
		}
		onB.close();
	}

	// Each instance has its own Lettuce client resources.
	private static void assertWithinLettucePools(Map<String, Integer> threads) {
		int io = 0;
		int computation = 0;
		for (Instance instance : new Instance[] { instances.a(), instances.b() }) {
			ClientResources resources = instance.bean(ClientResources.class);
			io += resources.ioThreadPoolSize();
			computation += resources.computationThreadPoolSize();
		}
		assertThat(threads.getOrDefault("lettuce-nioEventLoop-#-#", 0)).isLessThanOrEqualTo(io);
		assertThat(threads.getOrDefault("lettuce-eventExecutorLoop-#-#", 0)).isLessThanOrEqualTo(computation);
		assertThat(threads.getOrDefault("lettuce-timer-#-#", 0)).isLessThanOrEqualTo(2);
	}

	// Live threads by name, their numbers left out, those of the traffic pools left out.
	private static Map<String, Integer> threads() {
		Map<String, Integer> byName = new TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			String name = thread.getName();
			if (thread.isAlive() && !name.matches("(" + TRAFFIC + ").*")) {
				byName.merge(name.replaceAll("\\d+", "#"), 1, Integer::sum);
			}
		}
		return byName;
	}

	private static void crossesInstances(RealtimeTestSocket onB, int n) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			instances.a().browser().push("{\"n\":" + n + "}", "across");
			String frame;
			while ((frame = onB.pollFrame(Duration.ofMillis(100))) != null) {
				if (frame.equals("{\"channel\":\"across\",\"payload\":{\"n\":" + n + "}}")) {
					return true;
				}
			}
			return false;
		});
	}

	private static int redisClients() throws Exception {
		return (int) instances.redis().command("CLIENT", "LIST").lines().filter((line) -> line.startsWith("id=")).count();
	}

	private static long numsub(String topic) throws Exception {
		String reply = instances.redis().command("PUBSUB", "NUMSUB", topic);
		return Long.parseLong(reply.substring(reply.lastIndexOf(':') + 1).trim());
	}

}
