package dev.realtime.boot.broker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.TextMessage;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.RealtimeConnection;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * Delivers pushes to the sockets open on this instance. It keeps an index from channel name to
 * the sockets subscribed to it; a push serializes its payload once and builds one frame per
 * matched channel, which every subscriber of that channel shares.
 */
public class LocalBroker {

	private final Map<String, Set<RealtimeConnection>> subscribers = new ConcurrentHashMap<>();

	private final RealtimeRegistry registry;

	private final LiveConnections connections;

	private final PushFrames frames;

	/**
	 * Create a broker.
	 * @param registry the registry that keeps subscriptions by digest
	 * @param connections the sockets open on this instance
	 * @param frames the encoder of push frames
	 */
	public LocalBroker(RealtimeRegistry registry, LiveConnections connections, PushFrames frames) {
		this.registry = registry;
		this.connections = connections;
		this.frames = frames;
	}

	/**
	 * Subscribe a digest to channels; a socket of that digest open here receives them at once.
	 * @param digest the socket digest
	 * @param channels validated channel names
	 */
	public void subscribe(String digest, Collection<String> channels) {
		this.registry.subscribe(digest, channels);
		RealtimeConnection connection = this.connections.get(digest);
		if (connection != null) {
			indexWhileOpen(connection, channels);
		}
	}

	/**
	 * Unsubscribe a digest from channels.
	 * @param digest the socket digest
	 * @param channels validated channel names
	 */
	public void unsubscribe(String digest, Collection<String> channels) {
		this.registry.unsubscribe(digest, channels);
		RealtimeConnection connection = this.connections.get(digest);
		if (connection != null) {
			unindex(connection, channels);
		}
	}

	/**
	 * Start delivering to a socket that connected: the subscriptions its digest holds in the
	 * registry, made before it connected or before it was resumed, take effect.
	 * @param connection the connection
	 */
	public void connected(RealtimeConnection connection) {
		indexWhileOpen(connection, this.registry.subscriptions(connection.digest()));
	}

	/**
	 * Stop delivering to a socket that closed.
	 * @param connection the connection
	 */
	public void disconnected(RealtimeConnection connection) {
		unindex(connection, List.copyOf(connection.channels()));
	}

	/**
	 * Push a payload to channels: serialize it once, then deliver it.
	 * @param payload the payload
	 * @param channels validated channel names, wildcards allowed
	 */
	public void push(@Nullable Object payload, Collection<String> channels) {
		publish(this.frames.payloadJson(payload), channels);
	}

	/**
	 * Deliver an already serialized payload to the sockets open here.
	 * @param payloadJson the payload as JSON
	 * @param channels validated channel names, wildcards allowed
	 */
	public void publish(String payloadJson, Collection<String> channels) {
		for (String channel : channels) {
			if (ChannelNames.isWildcard(channel)) {
				Pattern pattern = ChannelNames.toPattern(channel);
				for (Map.Entry<String, Set<RealtimeConnection>> entry : this.subscribers.entrySet()) {
					if (pattern.matcher(entry.getKey()).matches()) {
						deliver(entry.getKey(), entry.getValue(), payloadJson);
					}
				}
			}
			else {
				Set<RealtimeConnection> subscribed = this.subscribers.get(channel);
				if (subscribed != null) {
					deliver(channel, subscribed, payloadJson);
				}
			}
		}
	}

	/**
	 * Return how many channels have a subscriber open on this instance.
	 * @return the number of channels
	 */
	public int channelCount() {
		return this.subscribers.size();
	}

	private void deliver(String channel, Set<RealtimeConnection> subscribed, String payloadJson) {
		if (subscribed.isEmpty()) {
			return;
		}
		TextMessage frame = this.frames.push(channel, payloadJson);
		for (RealtimeConnection connection : subscribed) {
			connection.send(frame);
		}
	}

	private void indexWhileOpen(RealtimeConnection connection, Collection<String> channels) {
		index(connection, channels);
		// The socket may have closed, and been unindexed, while it was being indexed.
		if (this.connections.get(connection.digest()) != connection) {
			unindex(connection, channels);
		}
	}

	private void index(RealtimeConnection connection, Collection<String> channels) {
		for (String channel : channels) {
			connection.channels().add(channel);
			this.subscribers.compute(channel, (name, set) -> {
				Set<RealtimeConnection> result = (set != null) ? set : ConcurrentHashMap.newKeySet();
				result.add(connection);
				return result;
			});
		}
	}

	private void unindex(RealtimeConnection connection, Collection<String> channels) {
		for (String channel : channels) {
			connection.channels().remove(channel);
			this.subscribers.computeIfPresent(channel, (name, set) -> {
				set.remove(connection);
				return set.isEmpty() ? null : set;
			});
		}
	}

}
