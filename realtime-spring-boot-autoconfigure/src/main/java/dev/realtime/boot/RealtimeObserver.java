package dev.realtime.boot;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Told of what happens on the realtime endpoint, for metrics: handshakes, pushes, sockets closed
 * by the send limits, client messages. Every method does nothing by default. Implementations are
 * called on the threads where things happen (requests, senders, the watchdog), so they must be
 * quick and thread-safe; they are never given channel names, ids, keys or digests.
 */
public interface RealtimeObserver {

	/** An observer that does nothing. */
	RealtimeObserver NONE = new RealtimeObserver() {
	};

	/**
	 * A handshake was accepted or refused.
	 * @param outcome the outcome
	 */
	default void handshake(HandshakeOutcome outcome) {
	}

	/**
	 * A push was made on this instance, whether or not a socket is subscribed; the pushes of
	 * other instances that reach it are not counted here (see the Redis backplane's counts).
	 */
	default void pushed() {
	}

	/**
	 * Push frames were queued for open sockets.
	 * @param frames how many, one per subscribed socket
	 */
	default void delivered(int frames) {
	}

	/**
	 * A socket was closed by a send limit (1013).
	 * @param limit the limit it went over
	 */
	default void closedBySendLimit(SendLimit limit) {
	}

	/**
	 * A client message was answered.
	 * @param action the registered action it named, or {@code null} if it named none
	 * @param status the status of the reply
	 */
	default void inbound(@Nullable String action, int status) {
	}

	/**
	 * A route called over the socket ({@code call-route}) answered, or its call was refused
	 * before the route ran (a malformed message, say).
	 * @param status the status of the route's response, or of the call's error reply
	 * @param duration how long the call took
	 */
	default void routeCalled(int status, Duration duration) {
	}

	/**
	 * Return an observer that tells each of the given observers in turn.
	 * @param observers the observers
	 * @return {@link #NONE}, the single observer, or one that tells them all
	 */
	static RealtimeObserver of(List<? extends RealtimeObserver> observers) {
		if (observers.isEmpty()) {
			return NONE;
		}
		if (observers.size() == 1) {
			return observers.get(0);
		}
		List<RealtimeObserver> all = List.copyOf(observers);
		return new RealtimeObserver() {

			@Override
			public void handshake(HandshakeOutcome outcome) {
				all.forEach((observer) -> observer.handshake(outcome));
			}

			@Override
			public void pushed() {
				all.forEach(RealtimeObserver::pushed);
			}

			@Override
			public void delivered(int frames) {
				all.forEach((observer) -> observer.delivered(frames));
			}

			@Override
			public void closedBySendLimit(SendLimit limit) {
				all.forEach((observer) -> observer.closedBySendLimit(limit));
			}

			@Override
			public void inbound(@Nullable String action, int status) {
				all.forEach((observer) -> observer.inbound(action, status));
			}

			@Override
			public void routeCalled(int status, Duration duration) {
				all.forEach((observer) -> observer.routeCalled(status, duration));
			}

		};
	}

	/** Outcome of a handshake. */
	enum HandshakeOutcome {

		/** A socket was admitted for an issued id. */
		ACCEPTED("accepted"),

		/** A socket was admitted for an id in its resume window. */
		RESUMED("resumed"),

		/** Refused (400): no connection id. */
		MISSING_ID("missing-id"),

		/** Refused (400): a connection id that is not 64 lowercase hex characters. */
		MALFORMED_ID("malformed-id"),

		/** Refused (400): a client key that is not 64 lowercase hex characters. */
		MALFORMED_KEY("malformed-key"),

		/** Refused (403): no HTTP session with a socket key, and no client key. */
		NO_KEY("no-key"),

		/** Refused (403): an id never issued for this key, or expired. */
		UNKNOWN_ID("unknown-id"),

		/** Refused (403): an id held by a live socket. */
		HELD("held"),

		/** Refused (403): a foreign {@code Origin}. */
		ORIGIN("origin"),

		/** Refused (503): the registry (Redis) could not be reached to check the id. */
		REGISTRY_UNAVAILABLE("registry-unavailable"),

		/** Refused (400): a request that the realtime handshake cannot read. */
		INVALID_REQUEST("invalid-request"),

		/**
		 * Admitted by the realtime checks, then refused by the container's or Spring's upgrade
		 * (a WebSocket version it does not speak, say): no socket was opened.
		 */
		UPGRADE_FAILED("upgrade-failed");

		private final String tag;

		HandshakeOutcome(String tag) {
			this.tag = tag;
		}

		/**
		 * Return the outcome as a metric tag value.
		 * @return the tag value, in kebab case
		 */
		public String tag() {
			return this.tag;
		}

	}

	/** A send limit that closes a slow client's socket. */
	enum SendLimit {

		/** {@code realtime.send.buffer-size-limit}. */
		BUFFER("buffer"),

		/** {@code realtime.send.time-limit}. */
		TIME("time");

		private final String tag;

		SendLimit(String tag) {
			this.tag = tag;
		}

		/**
		 * Return the limit as a metric tag value.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

}
