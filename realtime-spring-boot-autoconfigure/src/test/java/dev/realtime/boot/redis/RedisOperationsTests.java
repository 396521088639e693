package dev.realtime.boot.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees of the Redis backplane: its meters and its health indicator, while
 * Redis answers, while it is away, and once it is back.
 */
class RedisOperationsTests {

	@RegisterExtension
	static final OneInstance one = new OneInstance("ops", RealtimeTestApplication.class,
			"spring.data.redis.timeout=500ms", "management.endpoints.web.exposure.include=health",
			"management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always");

	@Test
	void healthAndMetersFollowRedisGoingAwayAndComingBack() throws Exception {
		MeterRegistry registry = one.instance().bean(MeterRegistry.class);
		RealtimePublisher publisher = one.instance().bean(RealtimePublisher.class);
		assertThat(redisHealth().get("status").asString()).isEqualTo("UP");
		assertThat(registry.get("realtime.redis.connected").gauge().value()).isEqualTo(1);

		double propagated = registry.get("realtime.redis.propagated").functionCounter().count();
		publisher.push(Map.of("n", 1), "ops-news");
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				registry.get("realtime.redis.propagated").functionCounter().count()).isEqualTo(propagated + 1));

		double notPropagated = registry.get("realtime.redis.not-propagated").functionCounter().count();
		one.redis().stop();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				JsonNode health = redisHealth();
				assertThat(health.get("status").asString()).isEqualTo("DOWN");
				assertThat(health.get("details").get("reason").asString()).isNotBlank();
			});
			assertThat(registry.get("realtime.redis.connected").gauge().value()).isZero();
			publisher.push(Map.of("n", 2), "ops-news");
			Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
					registry.get("realtime.redis.not-propagated").functionCounter().count())
				.isGreaterThan(notPropagated));
		}
		finally {
			one.redis().start();
		}
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(redisHealth().get("status").asString()).isEqualTo("UP");
			assertThat(registry.get("realtime.redis.connected").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void malformedMessagesOnTheBackplaneAreCountedInTheMetersAndTheHealth() {
		MeterRegistry registry = one.instance().bean(MeterRegistry.class);
		StringRedisTemplate redisTemplate = new StringRedisTemplate(one.instance().bean(RedisConnectionFactory.class));
		try (RealtimeTestSocket socket = one.instance().browser().openPage("ops-malformed")) {
			redisTemplate.convertAndSend("realtime:channel:ops-malformed", "0123456789abcdef 1 13 ops-malformed{\"n\":");
			redisTemplate.convertAndSend("realtime:channel:ops-malformed", "0123456789abcdef 2 13 ops-malformed{\"n\":2}");
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"ops-malformed\",\"payload\":{\"n\":2}}");
		}
		assertThat(one.instance().backplane().malformed()).isEqualTo(1);
		assertThat(registry.find("realtime.redis.malformed").functionCounter()).as("realtime.redis.malformed")
			.isNotNull();
		assertThat(registry.get("realtime.redis.malformed").functionCounter().count()).isEqualTo(1);
		assertThat(redisHealth().get("details").path("malformed").asLong()).isEqualTo(1);
	}

	@Test
	void pushesMissedFromOtherInstancesAreCountedInTheMetersAndTheHealth() {
		MeterRegistry registry = one.instance().bean(MeterRegistry.class);
		StringRedisTemplate redisTemplate = new StringRedisTemplate(one.instance().bean(RedisConnectionFactory.class));
		try (RealtimeTestSocket socket = one.instance().browser().openPage("ops-gap")) {
			// Messages 1 and 5 of another instance on this channel: 2, 3 and 4 were missed.
			redisTemplate.convertAndSend("realtime:channel:ops-gap", "0123456789abcdef 1 7 ops-gap{\"n\":1}");
			redisTemplate.convertAndSend("realtime:channel:ops-gap", "0123456789abcdef 5 7 ops-gap{\"n\":5}");
			assertThat(socket.next(2)).hasSize(2);
		}
		assertThat(one.instance().backplane().missed()).isEqualTo(3);
		assertThat(registry.find("realtime.redis.missed").functionCounter()).as("realtime.redis.missed").isNotNull();
		assertThat(registry.get("realtime.redis.missed").functionCounter().count()).isEqualTo(3);
		assertThat(redisHealth().get("details").path("missed").asLong()).isEqualTo(3);
	}

	private static JsonNode redisHealth() {
		HttpResponse<String> response = one.instance().browser().get("/actuator/health");
		JsonNode health = JsonMapper.shared().readTree(response.body());
		JsonNode component = health.path("components").path("realtimeRedis");
		assertThat(component.isMissingNode()).as("realtimeRedis in %s", response.body()).isFalse();
		return component;
	}

}
