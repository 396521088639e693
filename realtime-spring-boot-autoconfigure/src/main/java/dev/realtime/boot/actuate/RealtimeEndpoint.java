package dev.realtime.boot.actuate;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * {@link Endpoint @Endpoint} that shows what is open on this instance: sockets, channels and
 * subscriptions, the busiest channels with their subscriber counts, and the configuration in
 * force. It shows no connection ids, keys or digests.
 */
@Endpoint(id = "realtime")
public class RealtimeEndpoint {

	private final LiveConnections connections;

	private final LocalBroker broker;

	private final RealtimeRegistry registry;

	private final Map<String, Object> configuration;

	private final int topChannels;

	/**
	 * Create an endpoint.
	 * @param connections the sockets open on this instance
	 * @param broker the broker that indexes them by channel
	 * @param registry the registry of digests
	 * @param configuration the configuration in force, by property name (no secrets)
	 * @param topChannels how many of the busiest channels to show
	 */
	public RealtimeEndpoint(LiveConnections connections, LocalBroker broker, RealtimeRegistry registry,
			Map<String, Object> configuration, int topChannels) {
		this.connections = connections;
		this.broker = broker;
		this.registry = registry;
		this.configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
		this.topChannels = topChannels;
	}

	@ReadOperation
	public RealtimeDescriptor realtime() {
		List<ChannelDescriptor> busiest = this.broker.subscriberCounts()
			.entrySet()
			.stream()
			.map((entry) -> new ChannelDescriptor(entry.getKey(), entry.getValue()))
			.sorted(Comparator.comparingInt(ChannelDescriptor::subscribers)
				.reversed()
				.thenComparing(ChannelDescriptor::channel))
			.limit(Math.max(0, this.topChannels))
			.toList();
		return new RealtimeDescriptor(this.connections.size(), this.broker.channelCount(),
				this.broker.subscriptionCount(), registry(),
				busiest, this.configuration);
	}

	private RegistryDescriptor registry() {
		int entries = this.registry.size();
		return new RegistryDescriptor(this.registry.getClass().getSimpleName(), (entries >= 0) ? entries : null);
	}

	/**
	 * What is open on this instance.
	 *
	 * @param connections sockets open on this instance
	 * @param channels channels with a subscribed socket open on this instance
	 * @param subscriptions subscriptions of those sockets, one per socket and channel
	 * @param registry the registry of digests
	 * @param busiestChannels the channels with the most subscribed sockets, most first
	 * @param configuration the configuration in force
	 */
	public record RealtimeDescriptor(int connections, int channels, int subscriptions, RegistryDescriptor registry,
			List<ChannelDescriptor> busiestChannels, Map<String, Object> configuration)
			implements OperationResponseBody {
	}

	/**
	 * The registry of digests.
	 *
	 * @param kind its type
	 * @param entries how many digests it tracks, issued, live or in their resume window, or
	 * {@code null} while the registry cannot be reached
	 */
	public record RegistryDescriptor(String kind, @Nullable Integer entries) {
	}

	/**
	 * A channel and how many open sockets are subscribed to it.
	 *
	 * @param channel the channel name
	 * @param subscribers the number of subscribed sockets open on this instance
	 */
	public record ChannelDescriptor(String channel, int subscribers) {
	}

}
