package dev.realtime.boot.redis;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

	@Test
	void pushReachesTheInstancesOnItsDatabaseAndNoneOnAnotherDatabaseOfTheSameRedis() {
		try (RealtimeTestSocket onTwo = twoOnDatabase1.browser().openPage("news");
				RealtimeTestSocket onOther = otherOnDatabase2.browser().openPage("news")) {
			long receivedByOther = otherOnDatabase2.backplane().received();
			oneOnDatabase1.browser().push("{\"secret\":\"of database 1\"}", "news");
			assertThat(onTwo.next().toString()).isEqualTo("{\"channel\":\"news\",\"payload\":{\"secret\":\"of database 1\"}}");
			// Published to Redis, and handed to every subscriber of its channel: none on database 2.
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(otherOnDatabase2.backplane().received() - receivedByOther)
					.as("pushes of database 1 received by the instance on database 2")
					.isZero());
			otherOnDatabase2.browser().push("{\"own\":\"of database 2\"}", "news");
			assertThat(onOther.next().toString()).isEqualTo("{\"channel\":\"news\",\"payload\":{\"own\":\"of database 2\"}}");
		}
	}

	@Test
	void wildcardPushReachesNoInstanceOnAnotherDatabase() {
		try (RealtimeTestSocket onTwo = twoOnDatabase1.browser().openPage("room:1");
				RealtimeTestSocket onOther = otherOnDatabase2.browser().openPage("room:1")) {
			long receivedByOther = otherOnDatabase2.backplane().received();
			oneOnDatabase1.browser().push("{\"n\":1}", "room:*");
			assertThat(onTwo.next().toString()).isEqualTo("{\"channel\":\"room:1\",\"payload\":{\"n\":1}}");
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(otherOnDatabase2.backplane().received() - receivedByOther)
					.as("pushes of database 1 received by the instance on database 2")
					.isZero());
			otherOnDatabase2.browser().push("{\"n\":2}", "room:1");
			assertThat(onOther.next().toString()).isEqualTo("{\"channel\":\"room:1\",\"payload\":{\"n\":2}}");
		}
	}

}
