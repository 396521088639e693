package dev.realtime.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.metrics.MicrometerRealtimeObserver;
import dev.realtime.boot.metrics.RealtimeMeterBinder;
import dev.realtime.boot.metrics.RedisBackplaneMeterBinder;
import dev.realtime.boot.redis.RedisBackplane;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the Micrometer metrics of realtime channels, when the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = { RealtimeAutoConfiguration.class, RealtimeRedisAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, LiveConnections.class, LocalBroker.class })
public final class RealtimeMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerRealtimeObserver realtimeMicrometerObserver(MeterRegistry registry) {
		return new MicrometerRealtimeObserver(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	RealtimeMeterBinder realtimeMeterBinder(LiveConnections connections, LocalBroker broker) {
		return new RealtimeMeterBinder(connections, broker);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	@ConditionalOnBean(RedisBackplane.class)
	static class RedisBackplaneMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedisBackplaneMeterBinder realtimeRedisBackplaneMeterBinder(RedisBackplane backplane) {
			return new RedisBackplaneMeterBinder(backplane);
		}

	}

}
