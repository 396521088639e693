package dev.realtime.boot.redis;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is killed and started again on the same port three times, about five seconds each
 * time, while the instances push, subscribe and close sockets: every outage ends with pushes
 * crossing instances again, and none leaves Redis connections, subscriptions or pushes waiting
 * behind. (Threads are not counted here: the test contexts that other classes leave cached in
 * the same JVM have Lettuce clients of their own, whose threads have the same names.)
 */
class RepeatedRedisOutagesTests {

	private static final int OUTAGES = 3;

	@RegisterExtension
	static final TwoInstances instances = new TwoInstances(RealtimeTestApplication.class,
			"spring.data.redis.timeout=500ms");

	@Test
	void repeatedRedisOutagesLeaveNoConnectionsSubscriptionsOrWaitingPushesBehind() throws Exception {
		RealtimeTestSocket onB = instances.b().browser().openPage("across");
		crossesInstances(onB, 0);
		int connections = redisClients();
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
		}
		onB.close();
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
