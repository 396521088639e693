package dev.realtime.boot.broker;

import java.util.Collection;

/**
 * The link between the {@link LocalBroker}s of several instances: it carries the pushes made
 * here to the other instances, and brings theirs to this one's broker. A single instance has
 * {@link #NONE}.
 */
public interface Backplane {

	/** The backplane of a single instance: nothing to carry. */
	Backplane NONE = new Backplane() {

		@Override
		public void publish(String payloadJson, Collection<String> channels) {
		}

		@Override
		public void localSubscribersChanged(String channel) {
		}

	};

	/**
	 * Carry a push made on this instance, and already delivered here, to the other instances.
	 * Must not block the caller on the network, nor throw when the others cannot be reached.
	 * @param payloadJson the payload as JSON, serialized once
	 * @param channels validated channel names, wildcards allowed
	 */
	void publish(String payloadJson, Collection<String> channels);

	/**
	 * Called after a channel got its first subscriber on this instance, or lost its last one:
	 * the backplane then starts or stops receiving that channel's pushes from the other
	 * instances, as {@link LocalBroker#hasLocalSubscribers(String)} answers at that moment.
	 * When this returns for a channel that has local subscribers, pushes made afterwards on any
	 * instance reach them.
	 * @param channel the channel name
	 */
	void localSubscribersChanged(String channel);

	/**
	 * Called after a socket joined a channel that already had subscribers on this instance:
	 * returns once pushes made afterwards on any instance reach that channel's subscribers here,
	 * waiting for the channel's subscription if one is still being made for an earlier socket.
	 * @param channel the channel name
	 */
	default void localSubscriberJoined(String channel) {
	}

	/**
	 * Carry the end of an HTTP session (a logout) to the other instances, which then close the
	 * sockets of that session that are open on them, as this one closed its own. Must not block
	 * the caller on the network, nor throw when the others cannot be reached.
	 * @param sessionDigest the digest that names the session's sockets
	 */
	default void sessionEnded(String sessionDigest) {
	}

}
