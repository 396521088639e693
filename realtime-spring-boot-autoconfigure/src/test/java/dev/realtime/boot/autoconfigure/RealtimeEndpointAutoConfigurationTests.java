package dev.realtime.boot.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.realtime.boot.actuate.RealtimeEndpoint;
import dev.realtime.boot.actuate.RedisBackplaneHealthIndicator;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.registry.RealtimeRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link RealtimeEndpointAutoConfiguration}.
 */
class RealtimeEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RealtimeAutoConfiguration.class,
				RealtimeEndpointAutoConfiguration.class));

	@Test
	void endpointIsThereOnceExposed() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=realtime", "realtime.actuator.top-channels=1")
			.run((context) -> {
				assertThat(context).hasSingleBean(RealtimeEndpoint.class);
				assertThat(context.getBean(RealtimeEndpoint.class).realtime().configuration())
					.containsEntry("path", "/")
					.containsEntry("resume-window", "PT30S");
			});
	}

	@Test
	void noRedisHealthIndicatorWithoutTheRedisBackplane() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(RealtimeRedisHealthAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(LocalBroker.class)
				.doesNotHaveBean(RedisBackplaneHealthIndicator.class));
	}

	@Test
	void noEndpointUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LocalBroker.class)
			.doesNotHaveBean(RealtimeEndpoint.class));
	}

	@Test
	void noEndpointWithoutActuatorOnTheClasspath() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=realtime")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(LocalBroker.class)
				.doesNotHaveBean(RealtimeEndpoint.class));
	}

	@Test
	void noEndpointWhenRealtimeIsDisabled() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=realtime", "realtime.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeEndpoint.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=realtime")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RealtimeEndpoint.class).hasBean("userEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		RealtimeEndpoint userEndpoint(LiveConnections connections, LocalBroker broker, RealtimeRegistry registry) {
			return new RealtimeEndpoint(connections, broker, registry, Map.of(), 3);
		}

	}

}
