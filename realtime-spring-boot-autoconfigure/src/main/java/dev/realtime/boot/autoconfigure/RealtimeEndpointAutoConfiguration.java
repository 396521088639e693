package dev.realtime.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.realtime.boot.actuate.RealtimeEndpoint;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@code realtime} Actuator endpoint, when Actuator is on the classpath. Like every endpoint,
 * it is reachable over HTTP once exposed ({@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = RealtimeAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ LiveConnections.class, LocalBroker.class, RealtimeRegistry.class })
public final class RealtimeEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	RealtimeEndpoint realtimeEndpoint(LiveConnections connections, LocalBroker broker, RealtimeRegistry registry,
			RealtimeProperties properties) {
		return new RealtimeEndpoint(connections, broker, registry, configuration(properties),
				properties.getActuator().getTopChannels());
	}

	// Only settings: nothing here is an id, a key or a digest.
	private static Map<String, Object> configuration(RealtimeProperties properties) {
		Map<String, Object> configuration = new LinkedHashMap<>();
		configuration.put("path", properties.getPath());
		configuration.put("registry", properties.getRegistry().name().toLowerCase(Locale.ROOT));
		configuration.put("allowed-origins", properties.getAllowedOrigins());
		configuration.put("resume-window", properties.getResumeWindow().toString());
		configuration.put("issued-id-time-to-live", properties.getIssuedIdTimeToLive().toString());
		configuration.put("ping-interval", properties.getPingInterval().toString());
		configuration.put("max-message-size", properties.getMaxMessageSize().toString());
		configuration.put("max-in-flight", properties.getMaxInFlight());
		configuration.put("send.time-limit", properties.getSend().getTimeLimit().toString());
		configuration.put("send.buffer-size-limit", properties.getSend().getBufferSizeLimit().toString());
		configuration.put("send.threads", properties.getSend().getThreads());
		configuration.put("send.coalesce", properties.getSend().isCoalesce());
		configuration.put("actions.threads", properties.getActions().getThreads());
		configuration.put("actions.queue-capacity", properties.getActions().getQueueCapacity());
		configuration.put("call-route.max-reply-size", properties.getCallRoute().getMaxReplySize().toString());
		configuration.put("client.enabled", properties.getClient().isEnabled());
		configuration.put("client.path", properties.getClient().getPath());
		configuration.put("connection-endpoint.enabled", properties.getConnectionEndpoint().isEnabled());
		configuration.put("connection-endpoint.path", properties.getConnectionEndpoint().getPath());
		configuration.put("redis.prefix", properties.getRedis().getPrefix());
		configuration.put("redis.instance-timeout", properties.getRedis().getInstanceTimeout().toString());
		configuration.put("session.expiry-check-interval", properties.getSession().getExpiryCheckInterval().toString());
		configuration.put("actuator.top-channels", properties.getActuator().getTopChannels());
		return configuration;
	}

}
