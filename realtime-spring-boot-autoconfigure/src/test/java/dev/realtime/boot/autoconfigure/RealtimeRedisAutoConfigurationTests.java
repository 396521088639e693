package dev.realtime.boot.autoconfigure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.mock.env.MockEnvironment;

import dev.realtime.boot.broker.Backplane;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.redis.RedisBackplane;
import dev.realtime.boot.redis.RedisRealtimeRegistry;
import dev.realtime.boot.registry.InMemoryRealtimeRegistry;
import dev.realtime.boot.registry.RealtimeRegistry;
import dev.realtime.boot.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link RealtimeRedisAutoConfiguration}.
 */
class RealtimeRedisAutoConfigurationTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				RealtimeAutoConfiguration.class, RealtimeRedisAutoConfiguration.class));

	@Test
	void inMemoryRegistryIsTheDefaultAndNeedsNoRedisOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(InMemoryRealtimeRegistry.class)
				.hasSingleBean(LocalBroker.class)
				.doesNotHaveBean(Backplane.class)
				.doesNotHaveBean(RedisConnectionFactory.class));
	}

	@Test
	void inMemoryRegistryIsTheDefaultEvenWithRedisAtHand() {
		this.contextRunner.withPropertyValues(redis.springProperties().toArray(String[]::new))
			.run((context) -> assertThat(context).hasSingleBean(InMemoryRealtimeRegistry.class)
				.doesNotHaveBean(Backplane.class)
				.doesNotHaveBean(RedisMessageListenerContainer.class));
	}

	@Test
	void redisRegistryUsesTheApplicationsRedisConnectionUnderTheConfiguredPrefix() {
		this.contextRunner.withPropertyValues(redis.springProperties().toArray(String[]::new))
			.withPropertyValues("realtime.registry=redis", "realtime.redis.prefix=shop:live:")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisRealtimeRegistry.class)
					.doesNotHaveBean(InMemoryRealtimeRegistry.class)
					.hasSingleBean(RedisBackplane.class)
					.hasBean("realtimeRedisMessageListenerContainer");
				assertThat(context.getBean(LocalBroker.class)).hasFieldOrPropertyWithValue("backplane",
						context.getBean(RedisBackplane.class));
				String digest = SocketSecrets.digest(SocketSecrets.newSecret(), SocketSecrets.newSecret());
				context.getBean(RealtimeRegistry.class).issue(digest, Duration.ofSeconds(30));
				assertThat(redis.command("EXISTS", "shop:live:digest:" + digest)).isEqualTo(":1\r\n");
				assertThat(context.getBean(RealtimeProperties.class).getRegistry())
					.isEqualTo(RealtimeProperties.RegistryType.REDIS);
			});
	}

	@Test
	void redisRegistryWithoutARedisConnectionFailsToStart() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RealtimeAutoConfiguration.class,
					RealtimeRedisAutoConfiguration.class))
			.withPropertyValues("realtime.registry=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(RedisConnectionFactory.class.getName()));
	}

	@Test
	void redisRegistryFailsToStartWhileRedisIsAway() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		this.contextRunner
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + closedPort,
					"realtime.registry=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Unable to connect to Redis"));
	}

	@Test
	void redisRegistryWithoutSpringDataRedisFailsToStartRatherThanFallingBackToMemory() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.withPropertyValues("realtime.registry=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("realtime.registry=redis")
				.hasMessageContaining("Spring Data Redis"));
	}

	@Test
	void redisRegistryWithoutSpringDataRedisIsExplainedAtStartupWithWhatToAdd() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.withPropertyValues("realtime.registry=redis")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis).as("an analysis by a registered FailureAnalyzer").isNotNull();
				assertThat(analysis.getDescription()).contains("realtime.registry").contains("Spring Data Redis");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis")
					.contains("realtime.registry=memory");
			});
	}

	@Test
	void redisRegistryWithoutSpringDataRedisStartsWhenTheApplicationDefinesItsOwnRegistry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis", "io.lettuce"))
			.withPropertyValues("realtime.registry=redis")
			.withBean("userRegistry", RealtimeRegistry.class, () -> new InMemoryRealtimeRegistry(Duration.ofSeconds(1)))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RealtimeRegistry.class));
	}

	// As Spring Boot reports a failed startup: the first analysis of the registered analyzers.
	private static @Nullable FailureAnalysis analyze(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class,
					ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
						.and(Environment.class, new MockEnvironment()),
					FailureHandler.logging(LogFactory.getLog(RealtimeRedisAutoConfigurationTests.class)));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

	@Test
	void backsOffWhenTheUserDefinesTheRegistryAndTheBackplane() {
		InMemoryRealtimeRegistry registry = new InMemoryRealtimeRegistry(Duration.ofSeconds(1));
		this.contextRunner.withPropertyValues(redis.springProperties().toArray(String[]::new))
			.withPropertyValues("realtime.registry=redis")
			.withBean("userRegistry", RealtimeRegistry.class, () -> registry)
			.withBean("userBackplane", Backplane.class, () -> Backplane.NONE)
			.run((context) -> {
				assertThat(context).getBean(RealtimeRegistry.class).isSameAs(registry);
				assertThat(context).getBean(Backplane.class).isSameAs(Backplane.NONE);
				assertThat(context).doesNotHaveBean(RedisBackplane.class);
			});
	}

	@Test
	void disabledLeavesNoRedisBean() {
		this.contextRunner.withPropertyValues(redis.springProperties().toArray(String[]::new))
			.withPropertyValues("realtime.registry=redis", "realtime.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeRegistry.class)
				.doesNotHaveBean(Backplane.class));
	}

}
