package dev.realtime.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
	void configurationShowsEveryRealtimePropertyThatTheEndpointCanBeOnWith() throws IOException {
		Set<String> settings = realtimeSettingsOfTheConfigurationMetadata();
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=realtime")
			.run((context) -> assertThat(context.getBean(RealtimeEndpoint.class).realtime().configuration().keySet())
				.containsExactlyInAnyOrderElementsOf(settings));
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

	// The properties as the configuration processor documents them, without "realtime." and
	// without realtime.enabled (the endpoint is there only while it is true). Every jar has a
	// metadata file of that name: only this module's has realtime.* properties.
	private static Set<String> realtimeSettingsOfTheConfigurationMetadata() throws IOException {
		Set<String> settings = new TreeSet<>();
		Enumeration<URL> files = RealtimeProperties.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		for (URL file : Collections.list(files)) {
			try (InputStream metadata = file.openStream()) {
				for (JsonNode property : JsonMapper.shared().readTree(metadata).path("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith("realtime.") && !name.equals("realtime.enabled")) {
						settings.add(name.substring("realtime.".length()));
					}
				}
			}
		}
		assertThat(settings).as("realtime.* properties of the configuration metadata").contains("path", "send.time-limit");
		return settings;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		RealtimeEndpoint userEndpoint(LiveConnections connections, LocalBroker broker, RealtimeRegistry registry) {
			return new RealtimeEndpoint(connections, broker, registry, Map.of(), 3);
		}

	}

}
