package dev.realtime.boot.broker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.TextMessage;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.RealtimeConnection;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * Delivers pushes to the sockets open on this instance. It keeps an index from channel name to
 * the sockets subscribed to it; a push serializes its payload once and builds one frame per
 * matched channel, which every subscriber of that channel shares. With several instances, a
 * {@link Backplane} carries each push to the others and tells them which channels this one
 * has subscribers for.
 * <p>
 * The subscriptions of one open socket change one at a time, under the socket's lock (the
 * registry's change and the index's together), so that the registry, the index and the
 * socket's own record of its channels agree whichever of two concurrent changes comes last,
 * and a socket's close unindexes every channel it was indexed under.
 */
public class LocalBroker {

	private final Map<String, Subscribers> subscribers = new ConcurrentHashMap<>();

	private final WildcardPatterns wildcards = new WildcardPatterns();

	private final RealtimeRegistry registry;

	private final LiveConnections connections;

	private final PushFrames frames;

	private final Backplane backplane;

	private final RealtimeObserver observer;

	/**
	 * Create a broker for a single instance.
	 * @param registry the registry that keeps subscriptions by digest
	 * @param connections the sockets open on this instance
	 * @param frames the encoder of push frames
	 */
	public LocalBroker(RealtimeRegistry registry, LiveConnections connections, PushFrames frames) {
		this(registry, connections, frames, Backplane.NONE, RealtimeObserver.NONE);
	}

	/**
	 * Create a broker.
	 * @param registry the registry that keeps subscriptions by digest
	 * @param connections the sockets open on this instance
	 * @param frames the encoder of push frames
	 * @param backplane the link to the other instances
	 */
	public LocalBroker(RealtimeRegistry registry, LiveConnections connections, PushFrames frames,
			Backplane backplane) {
		this(registry, connections, frames, backplane, RealtimeObserver.NONE);
	}

	/**
	 * Create a broker.
	 * @param registry the registry that keeps subscriptions by digest
	 * @param connections the sockets open on this instance
	 * @param frames the encoder of push frames
	 * @param backplane the link to the other instances
	 * @param observer told of every push and of the frames it queued
	 */
	public LocalBroker(RealtimeRegistry registry, LiveConnections connections, PushFrames frames,
			Backplane backplane, RealtimeObserver observer) {
		this.registry = registry;
		this.connections = connections;
		this.frames = frames;
		this.backplane = backplane;
		this.observer = observer;
	}

	/**
	 * Subscribe a digest to channels; a socket of that digest open here receives them at once.
	 * @param digest the socket digest
	 * @param channels validated channel names
	 */
	public void subscribe(String digest, Collection<String> channels) {
		change(digest, channels, this.registry::subscribe, this::indexWhileOpen);
	}

	/**
	 * Unsubscribe a digest from channels.
	 * @param digest the socket digest
	 * @param channels validated channel names
	 */
	public void unsubscribe(String digest, Collection<String> channels) {
		change(digest, channels, this.registry::unsubscribe, this::unindex);
	}

	/**
	 * Start delivering to a socket that connected: the subscriptions its digest holds in the
	 * registry, made before it connected or before it was resumed, take effect.
	 * @param connection the connection
	 */
	public void connected(RealtimeConnection connection) {
		synchronized (connection) {
			indexWhileOpen(connection, this.registry.subscriptions(connection.digest()));
		}
	}

	/**
	 * Stop delivering to a socket that closed.
	 * @param connection the connection
	 * @return the channels it was subscribed to, which its digest keeps for the resume window
	 */
	public Set<String> disconnected(RealtimeConnection connection) {
		synchronized (connection) {
			Set<String> channels = connection.channels();
			unindex(connection, channels);
			return channels;
		}
	}

	/**
	 * Call an action with the channels that the socket open here under a digest is subscribed
	 * to, while none of that digest's subscriptions can change on this instance.
	 * @param digest the socket digest
	 * @param action called with the channels, only if such a socket is open here
	 * @return whether a socket is open here under that digest
	 */
	public boolean withOpenSubscriptions(String digest, Consumer<Set<String>> action) {
		RealtimeConnection connection = this.connections.get(digest);
		if (connection == null) {
			return false;
		}
		synchronized (connection) {
			// Closed meanwhile: its subscriptions are being taken out, not kept.
			if (this.connections.get(digest) != connection) {
				return false;
			}
			action.accept(connection.channels());
			return true;
		}
	}

	private void change(String digest, Collection<String> channels,
			BiConsumer<String, Collection<String>> registryChange,
			BiConsumer<RealtimeConnection, Collection<String>> indexChange) {
		RealtimeConnection connection = this.connections.get(digest);
		if (connection == null) {
			registryChange.accept(digest, channels);
		}
		else {
			synchronized (connection) {
				registryChange.accept(digest, channels);
				indexChange.accept(connection, channels);
			}
		}
		// A socket that opened meanwhile (the first, or one that resumed the id of a socket that
		// closed) may have read its subscriptions before the change.
		if (this.connections.get(digest) != connection) {
			reconcile(digest, channels);
		}
	}

	// The index of the digest's open socket, if any, follows what the registry holds now.
	private void reconcile(String digest, Collection<String> channels) {
		RealtimeConnection connection = this.connections.get(digest);
		if (connection == null) {
			return;
		}
		synchronized (connection) {
			Set<String> held = this.registry.subscriptions(digest);
			List<String> index = new ArrayList<>();
			List<String> unindex = new ArrayList<>();
			for (String channel : channels) {
				(held.contains(channel) ? index : unindex).add(channel);
			}
			indexWhileOpen(connection, index);
			unindex(connection, unindex);
		}
	}

	/**
	 * Push a payload to channels: serialize it once, deliver it here, and hand it to the
	 * backplane for the other instances.
	 * @param payload the payload
	 * @param channels validated channel names, wildcards allowed
	 */
	public void push(@Nullable Object payload, Collection<String> channels) {
		String payloadJson = this.frames.payloadJson(payload);
		// Counted once written: a payload that cannot be is thrown back, and made no push.
		this.observer.pushed();
		publish(payloadJson, channels);
		this.backplane.publish(payloadJson, channels);
	}

	/**
	 * Deliver an already serialized payload to the sockets open here, and only here.
	 * @param payloadJson the payload as JSON
	 * @param channels validated channel names, wildcards allowed
	 */
	public void publish(String payloadJson, Collection<String> channels) {
		for (String channel : channels) {
			if (ChannelNames.isWildcard(channel)) {
				WildcardPatterns.Wildcard wildcard = this.wildcards.get(channel);
				for (Map.Entry<String, Subscribers> entry : this.subscribers.entrySet()) {
					if (wildcard.matches(entry.getKey())) {
						deliver(entry.getKey(), entry.getValue().connections, payloadJson);
					}
				}
			}
			else {
				Subscribers subscribed = this.subscribers.get(channel);
				if (subscribed != null) {
					deliver(channel, subscribed.connections, payloadJson);
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

	/**
	 * Return whether a channel has a subscriber open on this instance.
	 * @param channel the channel name
	 * @return whether a socket open here is subscribed to it
	 */
	public boolean hasLocalSubscribers(String channel) {
		Subscribers subscribed = this.subscribers.get(channel);
		return subscribed != null && !subscribed.connections.isEmpty();
	}

	/**
	 * Return how many subscriptions of open sockets this instance delivers to: each socket
	 * counted once per channel it is subscribed to.
	 * @return the number of subscriptions
	 */
	public int subscriptionCount() {
		int count = 0;
		for (Subscribers subscribed : this.subscribers.values()) {
			count += subscribed.connections.size();
		}
		return count;
	}

	/**
	 * Return, for each channel with a subscriber open on this instance, how many open sockets
	 * are subscribed to it.
	 * @return a snapshot of the subscriber counts by channel name
	 */
	public Map<String, Integer> subscriberCounts() {
		Map<String, Integer> counts = new HashMap<>();
		this.subscribers.forEach((channel, subscribed) -> {
			int size = subscribed.connections.size();
			if (size > 0) {
				counts.put(channel, size);
			}
		});
		return counts;
	}

	private void deliver(String channel, Set<RealtimeConnection> subscribed, String payloadJson) {
		if (subscribed.isEmpty()) {
			return;
		}
		TextMessage frame = this.frames.push(channel, payloadJson);
		int queued = 0;
		for (RealtimeConnection connection : subscribed) {
			connection.send(frame);
			queued++;
		}
		this.observer.delivered(queued);
	}

	private void indexWhileOpen(RealtimeConnection connection, Collection<String> channels) {
		index(connection, channels);
		// The socket may have closed, and been unindexed, while it was being indexed.
		if (this.connections.get(connection.digest()) != connection) {
			unindex(connection, channels);
		}
	}

	private void index(RealtimeConnection connection, Collection<String> channels) {
		if (channels instanceof Set<String> set) {
			connection.indexedUnder(set);
		}
		for (String channel : channels) {
			connection.indexedUnder(channel);
			// Outside the channel's lock: the backplane may wait for the network. A socket that
			// joins a channel whose subscription an earlier socket is still making waits for it
			// too, so that no socket is bound before pushes from other instances reach it.
			if (join(channel, connection)) {
				this.backplane.localSubscribersChanged(channel);
			}
			else {
				this.backplane.localSubscriberJoined(channel);
			}
		}
	}

	private void unindex(RealtimeConnection connection, Collection<String> channels) {
		for (String channel : channels) {
			connection.unindexedFrom(channel);
			if (leave(channel, connection)) {
				this.backplane.localSubscribersChanged(channel);
			}
		}
	}

	// Returns whether the socket's set of subscribers is new: the channel's first here.
	private boolean join(String channel, RealtimeConnection connection) {
		while (true) {
			Subscribers subscribed = this.subscribers.get(channel);
			boolean created = false;
			if (subscribed == null) {
				Subscribers fresh = new Subscribers();
				subscribed = this.subscribers.putIfAbsent(channel, fresh);
				if (subscribed == null) {
					subscribed = fresh;
					created = true;
				}
			}
			if (subscribed.add(connection)) {
				return created;
			}
			// It emptied and left the index meanwhile: join the channel's next set.
		}
	}

	// Returns whether the socket was the channel's last subscriber here.
	private boolean leave(String channel, RealtimeConnection connection) {
		Subscribers subscribed = this.subscribers.get(channel);
		if (subscribed == null || !subscribed.connections.remove(connection) || !subscribed.connections.isEmpty()) {
			return false;
		}
		return subscribed.retireIfEmpty(() -> this.subscribers.remove(channel, subscribed));
	}

	/**
	 * The sockets open here that are subscribed to one channel. Sockets join under a shared
	 * lock, so that the sockets of a popular channel that connect at once join at once, instead
	 * of one after another through one lock; a set that emptied leaves the index under the
	 * exclusive lock, so that no socket joins a set on its way out.
	 */
	private static final class Subscribers {

		final Set<RealtimeConnection> connections = ConcurrentHashMap.newKeySet();

		private final StampedLock lock = new StampedLock();

		private boolean retired;

		boolean add(RealtimeConnection connection) {
			long stamp = this.lock.readLock();
			try {
				if (this.retired) {
					return false;
				}
				this.connections.add(connection);
				return true;
			}
			finally {
				this.lock.unlockRead(stamp);
			}
		}

		// Leaves the index under the exclusive lock, so that a socket that finds this set
		// retired finds it gone from the index when it looks again.
		boolean retireIfEmpty(Runnable leaveIndex) {
			long stamp = this.lock.writeLock();
			try {
				if (this.retired || !this.connections.isEmpty()) {
					return false;
				}
				this.retired = true;
				leaveIndex.run();
				return true;
			}
			finally {
				this.lock.unlockWrite(stamp);
			}
		}

	}

}
