package dev.realtime.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.metrics.MicrometerRealtimeObserver;
import dev.realtime.boot.metrics.RealtimeMeterBinder;
import dev.realtime.boot.metrics.RedisBackplaneMeterBinder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link RealtimeMetricsAutoConfiguration}.
 */
class RealtimeMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RealtimeAutoConfiguration.class,
				RealtimeMetricsAutoConfiguration.class));

	private final WebApplicationContextRunner withBootMetrics = this.contextRunner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void metersAreRegisteredInTheApplicationsRegistry() {
		this.withBootMetrics.run((context) -> {
			assertThat(context).hasSingleBean(MicrometerRealtimeObserver.class).hasSingleBean(RealtimeMeterBinder.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("realtime.connections").gauge().value()).isZero();
			assertThat(registry.get("realtime.channels").gauge().value()).isZero();
			assertThat(registry.get("realtime.subscriptions").gauge().value()).isZero();
			assertThat(registry.get("realtime.handshakes").counters()).hasSize(RealtimeObserver.HandshakeOutcome.values().length);
			context.getBean(LocalBroker.class).push(1, List.of("news"));
			assertThat(registry.get("realtime.pushes").counter().count()).isEqualTo(1);
		});
	}

	@Test
	void noRedisMetersWithoutTheRedisBackplane() {
		this.withBootMetrics.run((context) -> assertThat(context).hasSingleBean(RealtimeMeterBinder.class)
			.doesNotHaveBean(RedisBackplaneMeterBinder.class));
	}

	@Test
	void noMetricsWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LocalBroker.class)
			.doesNotHaveBean(MicrometerRealtimeObserver.class)
			.doesNotHaveBean(RealtimeMeterBinder.class));
	}

	@Test
	void noMetricsWithoutMicrometerOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasSingleBean(LocalBroker.class)
				.doesNotHaveBean(MicrometerRealtimeObserver.class)
				.doesNotHaveBean(RealtimeMeterBinder.class));
	}

	@Test
	void metricsUseARegistryTheApplicationDefines() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.contextRunner.withBean(SimpleMeterRegistry.class, () -> registry).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerRealtimeObserver.class);
			context.getBean(LocalBroker.class).push(1, List.of("news"));
			assertThat(registry.get("realtime.pushes").counter().count()).isEqualTo(1);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheObserverOrTheBinder() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		MicrometerRealtimeObserver observer = new MicrometerRealtimeObserver(registry);
		this.withBootMetrics.withBean("userObserver", MicrometerRealtimeObserver.class, () -> observer)
			.run((context) -> assertThat(context).getBean(MicrometerRealtimeObserver.class).isSameAs(observer));
		this.withBootMetrics
			.withBean("userBinder", RealtimeMeterBinder.class,
					() -> new RealtimeMeterBinder(null, null) {

						@Override
						public void bindTo(MeterRegistry meterRegistry) {
						}

					})
			.run((context) -> assertThat(context).hasSingleBean(RealtimeMeterBinder.class)
				.hasBean("userBinder")
				.doesNotHaveBean("realtimeMeterBinder"));
	}

	@Test
	void applicationObserversAreToldAlongsideTheMetrics() {
		List<String> told = new ArrayList<>();
		RealtimeObserver applicationObserver = new RealtimeObserver() {

			@Override
			public void pushed() {
				told.add("pushed");
			}

		};
		this.withBootMetrics.withBean(RealtimeObserver.class, () -> applicationObserver).run((context) -> {
			context.getBean(LocalBroker.class).push(1, List.of("news"));
			assertThat(told).containsExactly("pushed");
			assertThat(context.getBean(MeterRegistry.class).get("realtime.pushes").counter().count()).isEqualTo(1);
		});
	}

}
