package dev.realtime.boot.registry;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.realtime.boot.identity.SocketSecrets;

/**
 * {@link RealtimeRegistry} for a single instance, kept in memory. Expired entries are treated
 * as absent at once and swept away periodically.
 */
public class InMemoryRealtimeRegistry implements RealtimeRegistry, AutoCloseable {

	private static final Log logger = LogFactory.getLog(InMemoryRealtimeRegistry.class);

	// Keyed by the digest's 32 bytes rather than its 64 hex characters: every issued id has an
	// entry, and the socket that claims it holds a String of its own for the same digest.
	private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();

	private final ScheduledExecutorService sweeper;

	/**
	 * Create a registry that sweeps expired entries at the given interval.
	 * @param sweepInterval how often expired entries are removed
	 */
	public InMemoryRealtimeRegistry(Duration sweepInterval) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("realtime-registry-");
		threads.setDaemon(true);
		this.sweeper = Executors.newSingleThreadScheduledExecutor(threads);
		long millis = Math.max(10, sweepInterval.toMillis());
		this.sweeper.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void issue(String digest, Duration timeToLive) {
		this.entries.put(key(digest), new Entry(State.ISSUED, deadline(timeToLive)));
	}

	@Override
	public Claim claim(String digest) {
		AtomicReference<Claim> outcome = new AtomicReference<>(Claim.UNKNOWN);
		this.entries.computeIfPresent(key(digest), (key, entry) -> {
			if (entry.isExpired()) {
				return null;
			}
			switch (entry.state) {
				case LIVE -> outcome.set(Claim.ALREADY_LIVE);
				case ISSUED -> outcome.set(Claim.ISSUED);
				case DETACHED -> outcome.set(Claim.RESUMED);
			}
			entry.state = State.LIVE;
			entry.expiresAt = Long.MAX_VALUE;
			return entry;
		});
		return outcome.get();
	}

	@Override
	public void release(String digest, Duration resumeWindow) {
		this.entries.computeIfPresent(key(digest), (key, entry) -> {
			entry.state = State.DETACHED;
			entry.expiresAt = deadline(resumeWindow);
			return entry;
		});
	}

	@Override
	public void forget(String digest) {
		this.entries.remove(key(digest));
	}

	@Override
	public boolean subscribe(String digest, Collection<String> channels) {
		Entry entry = liveEntry(digest);
		if (entry == null) {
			return false;
		}
		entry.subscribe(channels);
		return true;
	}

	@Override
	public void unsubscribe(String digest, Collection<String> channels) {
		Entry entry = liveEntry(digest);
		if (entry != null) {
			entry.unsubscribe(channels);
		}
	}

	@Override
	public Set<String> subscriptions(String digest) {
		Entry entry = liveEntry(digest);
		return (entry != null) ? entry.channels : Set.of();
	}

	@Override
	public int size() {
		return this.entries.size();
	}

	@Override
	public void close() {
		this.sweeper.shutdownNow();
	}

	void sweep() {
		try {
			this.entries.values().removeIf(Entry::isExpired);
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to sweep expired realtime registry entries", ex);
		}
	}

	private @Nullable Entry liveEntry(String digest) {
		Entry entry = this.entries.get(key(digest));
		return (entry == null || entry.isExpired()) ? null : entry;
	}

	// A digest as SocketSecrets makes it (64 lowercase hex characters) becomes a 48-byte key
	// instead of a 104-byte String; anything else is kept as it is.
	static Object key(String digest) {
		if (!SocketSecrets.isWellFormed(digest)) {
			return digest;
		}
		return new DigestKey(HexFormat.fromHexDigitsToLong(digest, 0, 16), HexFormat.fromHexDigitsToLong(digest, 16, 32),
				HexFormat.fromHexDigitsToLong(digest, 32, 48), HexFormat.fromHexDigitsToLong(digest, 48, 64));
	}

	private static long deadline(Duration duration) {
		return System.nanoTime() + duration.toNanos();
	}

	private record DigestKey(long first, long second, long third, long fourth) {

	}

	private enum State {

		ISSUED, LIVE, DETACHED

	}

	private static final class Entry {

		// Copied on write: a socket has a few channels, changed rarely and read on every
		// connect, and an immutable set of a few names takes a fraction of a concurrent one's
		// memory, which counts once per issued id.
		volatile Set<String> channels = Set.of();

		volatile State state;

		volatile long expiresAt;

		Entry(State state, long expiresAt) {
			this.state = state;
			this.expiresAt = expiresAt;
		}

		synchronized void subscribe(Collection<String> added) {
			if (!this.channels.containsAll(added)) {
				Set<String> union = new HashSet<>(this.channels);
				union.addAll(added);
				this.channels = Set.copyOf(union);
			}
		}

		synchronized void unsubscribe(Collection<String> removed) {
			Set<String> rest = new HashSet<>(this.channels);
			if (rest.removeAll(removed)) {
				this.channels = Set.copyOf(rest);
			}
		}

		boolean isExpired() {
			return this.state != State.LIVE && System.nanoTime() - this.expiresAt > 0;
		}

	}

}
