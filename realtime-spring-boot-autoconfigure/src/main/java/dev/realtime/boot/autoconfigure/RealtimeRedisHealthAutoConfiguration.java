package dev.realtime.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.realtime.boot.actuate.RedisBackplaneHealthIndicator;
import dev.realtime.boot.redis.RedisBackplane;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the health indicator of the Redis backplane ({@code realtimeRedis} in {@code /actuator/health}),
 * when several instances run on Redis and Spring Boot's health support is on the classpath.
 */
@AutoConfiguration(after = RealtimeRedisAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.AbstractHealthIndicator",
		"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator",
		"org.springframework.data.redis.connection.RedisConnectionFactory" })
@ConditionalOnBean(RedisBackplane.class)
@ConditionalOnEnabledHealthIndicator("realtime-redis")
public final class RealtimeRedisHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "realtimeRedisHealthIndicator")
	RedisBackplaneHealthIndicator realtimeRedisHealthIndicator(RedisBackplane backplane) {
		return new RedisBackplaneHealthIndicator(backplane);
	}

}
