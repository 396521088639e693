package dev.realtime.boot.registry;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * State kept under each socket digest: whether its connection id was issued and waits for its
 * socket, is held by a live socket, or is in its resume window after the socket closed; and the
 * channels it is subscribed to. It answers "what should this digest receive" and never sends
 * anything.
 */
public interface RealtimeRegistry {

	/**
	 * Record a connection id as issued: its socket may connect within the time to live.
	 * @param digest the socket digest
	 * @param timeToLive how long the id waits for its socket
	 */
	void issue(String digest, Duration timeToLive);

	/**
	 * Record a connection id as issued, as {@link #issue(String, Duration)} does, and answer
	 * whether it was recorded: an id that was not would be refused when its socket connects,
	 * so the connection endpoint answers 503 rather than hand it out. A registry that cannot
	 * fail to record an id keeps this default.
	 * @param digest the socket digest
	 * @param timeToLive how long the id waits for its socket
	 * @return whether the id was recorded
	 */
	default boolean tryIssue(String digest, Duration timeToLive) {
		issue(digest, timeToLive);
		return true;
	}

	/**
	 * Claim a digest for a socket that is connecting.
	 * @param digest the socket digest
	 * @return the outcome; only {@link Claim#ISSUED} and {@link Claim#RESUMED} make the digest
	 * live
	 */
	Claim claim(String digest);

	/**
	 * Release a digest whose socket closed; it may be claimed again within the resume window,
	 * after which it and its subscriptions are removed.
	 * @param digest the socket digest
	 * @param resumeWindow how long the digest may be resumed
	 */
	void release(String digest, Duration resumeWindow);

	/**
	 * Release a digest whose socket closed, as {@link #release(String, Duration)} does, given
	 * the channels that socket was subscribed to: a registry that lost the live digest while
	 * its socket was open (a shared store restarted empty) keeps it for the resume window with
	 * them all the same.
	 * @param digest the socket digest
	 * @param resumeWindow how long the digest may be resumed
	 * @param channels the channels the socket was subscribed to when it closed
	 */
	default void release(String digest, Duration resumeWindow, Set<String> channels) {
		release(digest, resumeWindow);
	}

	/**
	 * Remove a digest and its subscriptions at once.
	 * @param digest the socket digest
	 */
	void forget(String digest);

	/**
	 * Add subscriptions to a known digest; a digest that is unknown or has expired is ignored.
	 * @param digest the socket digest
	 * @param channels the channels
	 * @return whether the digest is known
	 */
	boolean subscribe(String digest, Collection<String> channels);

	/**
	 * Remove subscriptions from a digest.
	 * @param digest the socket digest
	 * @param channels the channels
	 */
	void unsubscribe(String digest, Collection<String> channels);

	/**
	 * Return the channels a digest is subscribed to.
	 * @param digest the socket digest
	 * @return the channels, empty for an unknown digest
	 */
	Set<String> subscriptions(String digest);

	/**
	 * Return the socket key minted first for an HTTP session that has none yet, recording the
	 * given one unless another was recorded for the session within the time to live: two first
	 * pages of one session rendered at once on two instances (each request with its own copy of
	 * a Spring Session session) then store the same key. A registry of one instance has nothing
	 * to share and returns the given key. A shared registry must not keep the key readable by
	 * whoever can read its store: a socket key opens sockets without the session's cookie.
	 * @param sessionId the session's id
	 * @param key the key this instance minted
	 * @param timeToLive how long the first key is kept
	 * @return the key to store in the session
	 */
	default String firstSessionKey(String sessionId, String key, Duration timeToLive) {
		return key;
	}

	/**
	 * Return how many digests are tracked, in any state.
	 * @return the number of digests, or -1 when the registry cannot be reached
	 */
	int size();

	/** Outcome of {@link RealtimeRegistry#claim(String)}. */
	enum Claim {

		/** The id was issued and waited for this socket; the digest is now live. */
		ISSUED,

		/** The digest was in its resume window; it is live again with its subscriptions. */
		RESUMED,

		/** A live socket already holds the digest. */
		ALREADY_LIVE,

		/** The id was never issued for this key, or has expired. */
		UNKNOWN,

		/**
		 * The registry could not be asked (a shared store is unreachable); the socket may try
		 * again later.
		 */
		UNAVAILABLE;

		/**
		 * Return whether the socket may connect.
		 * @return whether the digest was claimed
		 */
		public boolean accepted() {
			return this == ISSUED || this == RESUMED;
		}

	}

}
