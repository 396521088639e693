package dev.realtime.boot.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.realtime.boot.identity.SocketSecrets;

/**
 * The socket keys minted on this instance for sessions that had none, by session id, for a
 * while. Spring Session gives each request a copy of the session of its own, saved when the
 * request ends: two first pages of one session rendered at once would each store a key, the
 * last save would win, and the other page's socket would be refused. The second page adopts
 * the first one's key instead. Kept for as long as an issued id waits for its socket, which a
 * page render takes no longer than; by then the first request has saved its session.
 */
final class MintedSessionKeys {

	// How often at most the expired keys are looked for: a sweep goes over every entry.
	private static final long SWEEP_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

	private final long timeToLiveNanos;

	private final Map<String, Minted> bySessionId = new ConcurrentHashMap<>();

	private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());

	MintedSessionKeys(Duration timeToLive) {
		this.timeToLiveNanos = timeToLive.toNanos();
	}

	/**
	 * Return the key minted for the session within the time to live, minting it if none was.
	 * @param sessionId the session's id
	 * @return the key
	 */
	String keyFor(String sessionId) {
		long now = System.nanoTime();
		sweep(now);
		return this.bySessionId
			.compute(sessionId, (id, minted) -> (minted != null && !minted.expired(now)) ? minted
					: new Minted(SocketSecrets.newSecret(), now + this.timeToLiveNanos))
			.key();
	}

	int size() {
		return this.bySessionId.size();
	}

	private void sweep(long now) {
		long due = this.nextSweep.get();
		if (now - due >= 0 && this.nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
			this.bySessionId.values().removeIf((minted) -> minted.expired(now));
		}
	}

	private record Minted(String key, long expiresAt) {

		boolean expired(long now) {
			return now - this.expiresAt >= 0;
		}

	}

}
