package dev.realtime.boot.jetty;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import dev.realtime.boot.autoconfigure.RealtimeAutoConfiguration;
import dev.realtime.boot.web.UpgradeRequestAttributesFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link RealtimeAutoConfiguration}'s Jetty part, on the classpath
 * of an application that runs on Jetty.
 */
@Tag("jetty")
class JettyAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RealtimeAutoConfiguration.class));

	@Test
	void upgradeRequestsAreReleasedOnJettyByAnOutermostFilter() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("realtimeUpgradeRequestAttributesFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(UpgradeRequestAttributesFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE);
			assertThat(registration.isEnabled()).isTrue();
		});
	}

	@Test
	void applicationCanKeepTheAttributesOfUpgradeRequests() {
		this.contextRunner.withBean("realtimeUpgradeRequestAttributesFilter", FilterRegistrationBean.class, () -> {
			FilterRegistrationBean<UpgradeRequestAttributesFilter> disabled = new FilterRegistrationBean<>(
					new UpgradeRequestAttributesFilter());
			disabled.setEnabled(false);
			return disabled;
		}).run((context) -> assertThat(context.getBean("realtimeUpgradeRequestAttributesFilter",
				FilterRegistrationBean.class).isEnabled()).isFalse());
	}

}
