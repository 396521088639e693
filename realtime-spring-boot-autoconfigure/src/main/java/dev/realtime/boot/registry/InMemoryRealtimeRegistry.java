package dev.realtime.boot.registry;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
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

/**
 * {@link RealtimeRegistry} for a single instance, kept in memory. Expired entries are treated
 * as absent at once and swept away periodically.
 */
public class InMemoryRealtimeRegistry implements RealtimeRegistry, AutoCloseable {

	private static final Log logger = LogFactory.getLog(InMemoryRealtimeRegistry.class);

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

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
		this.entries.put(digest, new Entry(State.ISSUED, deadline(timeToLive)));
	}

	@Override
	public Claim claim(String digest) {
		AtomicReference<Claim> outcome = new AtomicReference<>(Claim.UNKNOWN);
		this.entries.computeIfPresent(digest, (key, entry) -> {
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
		this.entries.computeIfPresent(digest, (key, entry) -> {
			entry.state = State.DETACHED;
			entry.expiresAt = deadline(resumeWindow);
			return entry;
		});
	}

	@Override
	public void forget(String digest) {
		this.entries.remove(digest);
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
		Entry entry = this.entries.get(digest);
		return (entry == null || entry.isExpired()) ? null : entry;
	}

	private static long deadline(Duration duration) {
		return System.nanoTime() + duration.toNanos();
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
