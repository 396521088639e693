package dev.realtime.boot.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values of the {@code realtime.*} properties that cannot work fail the startup, naming the
 * property and what is wrong with it.
 */
class RealtimePropertiesValidationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RealtimeAutoConfiguration.class));

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			realtime.resume-window=-1s              | resumeWindow          | must not be negative
			realtime.issued-id-time-to-live=0s      | issuedIdTimeToLive    | must be longer than zero
			realtime.issued-id-time-to-live=-5s     | issuedIdTimeToLive    | must be longer than zero
			realtime.ping-interval=-1s              | pingInterval          | must not be negative
			realtime.max-message-size=0             | maxMessageSize        | must be larger than zero
			realtime.max-message-size=-1KB          | maxMessageSize        | must be larger than zero
			realtime.max-message-size=4GB           | maxMessageSize        | must be at most 2147483647 bytes
			realtime.max-in-flight=0                | maxInFlight           | must be at least 1
			realtime.send.time-limit=0s             | send.timeLimit        | must be longer than zero
			realtime.send.time-limit=-1s            | send.timeLimit        | must be longer than zero
			realtime.send.buffer-size-limit=0       | send.bufferSizeLimit  | must be larger than zero
			realtime.send.threads=0                 | send.threads          | must be at least 1
			realtime.actions.threads=0              | actions.threads       | must be at least 1
			realtime.actions.queue-capacity=-1      | actions.queueCapacity | must be at least 0
			realtime.call-route.max-reply-size=0    | callRoute.maxReplySize | must be larger than zero
			realtime.call-route.max-reply-size=4GB  | callRoute.maxReplySize | must be at most 2147483647 bytes
			realtime.actuator.top-channels=-1       | actuator.topChannels  | must be at least 0
			realtime.redis.instance-timeout=0s      | redis.instanceTimeout | must be longer than zero
			""")
	void nonsenseFailsTheStartupNamingTheProperty(String property, String field, String reason) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("on field '" + field + "'")
				.hasMessageContaining(reason);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			realtime.path=live                                                  | path                    | must start with '/'
			realtime.path=                                                      | path                    | must start with '/'
			realtime.client.path=realtime.js                                    | client.path             | must start with '/'
			realtime.connection-endpoint.path=ids                               | connectionEndpoint.path | must start with '/'
			realtime.connection-endpoint.path=/                                 | connectionEndpoint.path | must differ from realtime.path
			realtime.connection-endpoint.path=/realtime/realtime.js             | connectionEndpoint.path | must differ from realtime.client.path
			realtime.client.path=/                                              | client.path             | must differ from realtime.path
			""")
	void pathsThatNameNoPathOrAnotherEndpointsFailTheStartup(String property, String field, String reason) {
		nonsenseFailsTheStartupNamingTheProperty(property, field, reason);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "realtime.connection-endpoint.enabled=false,realtime.connection-endpoint.path=/",
			"realtime.client.enabled=false,realtime.client.path=/", "realtime.path=/live,realtime.client.path=/js/rt.js" })
	void pathsOfEndpointsSwitchedOffMayBeAnything(String properties) {
		this.contextRunner.withPropertyValues(properties.split(","))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "realtime.ping-interval=0", "realtime.resume-window=0", "realtime.actions.queue-capacity=0",
			"realtime.actuator.top-channels=0", "realtime.max-message-size=1B", "realtime.issued-id-time-to-live=1ms" })
	void edgeValuesThatWorkAreAccepted(String property) {
		this.contextRunner.withPropertyValues(property).run((context) -> assertThat(context).hasNotFailed());
	}

}
