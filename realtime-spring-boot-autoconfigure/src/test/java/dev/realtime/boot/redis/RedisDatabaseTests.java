package dev.realtime.boot.redis;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications that share one Redis but are kept apart by their database number
 * ({@code spring.data.redis.database}) share no pushes: Redis pub/sub ignores the database, so
 * the channels of each database carry its number. Instances on the same database still share
 * them.
 */
class RedisDatabaseTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	static Instance oneOnDatabase1;

	static Instance twoOnDatabase1;

	static Instance otherOnDatabase2;

	@BeforeAll
	static void startInstances() {
		oneOnDatabase1 = Instance.start("one", RealtimeTestApplication.class, redis, "spring.data.redis.database=1");
		twoOnDatabase1 = Instance.start("two", RealtimeTestApplication.class, redis, "spring.data.redis.database=1");
		// The database given in the url, as Spring Boot also takes it.
		otherOnDatabase2 = Instance.start("other", RealtimeTestApplication.class, redis,
				"spring.data.redis.url=redis://127.0.0.1:" + redis.port() + "/2");
	}

	@AfterAll
	static void stopInstances() {
		for (Instance instance : new Instance[] { oneOnDatabase1, twoOnDatabase1, otherOnDatabase2 }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	// By name and by wildcard: each has pub/sub channels of its own.
	@ParameterizedTest
	@CsvSource({ "news, news", "room:1, room:*" })
	void pushReachesTheInstancesOnItsDatabaseAndNoneOnAnotherDatabaseOfTheSameRedis(String channel, String pushedTo) {
		try (RealtimeTestSocket onTwo = twoOnDatabase1.browser().openPage(channel);
				RealtimeTestSocket onOther = otherOnDatabase2.browser().openPage(channel)) {
			long receivedByOther = otherOnDatabase2.backplane().received();
			oneOnDatabase1.browser().push("{\"secret\":\"of database 1\"}", pushedTo);
			assertThat(onTwo.next().toString())
				.isEqualTo("{\"channel\":\"" + channel + "\",\"payload\":{\"secret\":\"of database 1\"}}");
			// Published to Redis, and handed to every subscriber of its channel: none on database 2.
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(otherOnDatabase2.backplane().received() - receivedByOther)
					.as("pushes of database 1 received by the instance on database 2")
					.isZero());
			otherOnDatabase2.browser().push("{\"own\":\"of database 2\"}", pushedTo);
			assertThat(onOther.next().toString())
				.isEqualTo("{\"channel\":\"" + channel + "\",\"payload\":{\"own\":\"of database 2\"}}");
		}
	}

}
