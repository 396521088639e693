package dev.realtime.boot.redis;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The subscriptions of the sockets open on this instance, which {@link RedisRealtimeRegistry}
 * writes back under a live digest that Redis no longer holds: a Redis restarted empty, or away
 * for longer than the lease. Without them such a socket would have nothing to resume once it
 * closed.
 */
@FunctionalInterface
public interface OpenSubscriptions {

	/** No socket is ever open: lost digests are not written back. */
	OpenSubscriptions NONE = (digest, action) -> false;

	/**
	 * Call an action with the channels that the socket open here under a digest is subscribed
	 * to, while none of that digest's subscriptions can change on this instance.
	 * @param digest the socket digest
	 * @param action called with the channels, only if such a socket is open here
	 * @return whether a socket is open here under that digest
	 */
	boolean withChannels(String digest, Consumer<Set<String>> action);

}
