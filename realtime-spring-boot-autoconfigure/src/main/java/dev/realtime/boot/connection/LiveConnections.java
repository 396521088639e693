package dev.realtime.boot.connection;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import dev.realtime.boot.RealtimeObserver;

/**
 * The sockets open on this instance, by digest, with the threads that write to them. A watchdog
 * closes a socket whose current write has taken longer than the send time limit even when no
 * further frame is queued for it.
 */
public class LiveConnections implements AutoCloseable {

	/** Close status for the sockets of an HTTP session that ended. */
	public static final CloseStatus SESSION_ENDED = CloseStatus.POLICY_VIOLATION.withReason("session ended");

	/**
	 * Close status for a socket opened with an id that its HTTP session no longer has: a login
	 * changed it (Spring Security's session fixation protection). The socket keeps its resume
	 * window: a client that has the session's new cookie resumes it, subscriptions and all.
	 */
	public static final CloseStatus SESSION_ID_CHANGED = new CloseStatus(4001, "session id changed");

	/**
	 * Close status for a socket whose connection id another socket holds now, on another
	 * instance: the client resumed there while this instance was missed.
	 */
	public static final CloseStatus HELD_ELSEWHERE = CloseStatus.POLICY_VIOLATION
		.withReason("connection id held elsewhere");

	// Pings go out to a slice of the sockets at a time, the slices spread over the interval: a
	// sweep of every socket at once is a burst as large as a push to all of them, and pushes
	// that met it waited behind it.
	private static final int HEARTBEAT_SLICES = 25;

	private final Map<String, RealtimeConnection> byDigest = new ConcurrentHashMap<>();

	// Removed from byDigest, not yet released in the registry: closeAll waits for these too.
	private final Set<RealtimeConnection> releasing = ConcurrentHashMap.newKeySet();

	private final Map<String, Set<RealtimeConnection>> bySession = new ConcurrentHashMap<>();

	private final SendLimits limits;

	private final SenderThreads senders;

	private final ExecutorService closers;

	private final ScheduledExecutorService watchdog;

	private final RealtimeObserver observer;

	private final boolean coalesce;

	/**
	 * Create an empty set of sockets.
	 * @param limits the send limits of every socket
	 * @param senderThreads how many threads write frames to sockets
	 * @param pingInterval how often each socket is pinged; a socket that answers nothing for
	 * two intervals is closed; zero for no pings
	 */
	public LiveConnections(SendLimits limits, int senderThreads, Duration pingInterval) {
		this(limits, senderThreads, pingInterval, RealtimeObserver.NONE);
	}

	/**
	 * Create an empty set of sockets.
	 * @param limits the send limits of every socket
	 * @param senderThreads how many threads write frames to sockets
	 * @param pingInterval how often each socket is pinged; a socket that answers nothing for
	 * two intervals is closed; zero for no pings
	 * @param observer told of every socket closed by the send limits
	 */
	public LiveConnections(SendLimits limits, int senderThreads, Duration pingInterval, RealtimeObserver observer) {
		this(limits, senderThreads, pingInterval, observer, true);
	}

	/**
	 * Create an empty set of sockets.
	 * @param limits the send limits of every socket
	 * @param senderThreads how many threads write frames to sockets
	 * @param pingInterval how often each socket is pinged; a socket that answers nothing for
	 * two intervals is closed; zero for no pings
	 * @param observer told of every socket closed by the send limits
	 * @param coalesce whether the frames that queue up for a socket while it is being written
	 * to are written in one go, where the container allows it
	 */
	public LiveConnections(SendLimits limits, int senderThreads, Duration pingInterval, RealtimeObserver observer,
			boolean coalesce) {
		this.limits = limits;
		this.coalesce = coalesce;
		this.observer = observer;
		this.senders = new SenderThreads(senderThreads);
		this.closers = Executors.newCachedThreadPool(daemonThreads("realtime-close-"));
		this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("realtime-watchdog-"));
		long period = Math.max(10, limits.timeLimit().toMillis() / 4);
		this.watchdog.scheduleWithFixedDelay(this::checkSendTimes, period, period, TimeUnit.MILLISECONDS);
		this.watchdog.scheduleWithFixedDelay(this.senders::makeUpForBlockedWrites, 25, 25, TimeUnit.MILLISECONDS);
		if (!pingInterval.isZero() && !pingInterval.isNegative()) {
			long slicePeriod = Math.max(1, pingInterval.toMillis() / HEARTBEAT_SLICES);
			int slices = (int) Math.max(1, pingInterval.toMillis() / slicePeriod);
			Heartbeat heartbeat = new Heartbeat(pingInterval.multipliedBy(2), slices);
			this.watchdog.scheduleWithFixedDelay(heartbeat, slicePeriod, slicePeriod, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Register a newly opened socket.
	 * @param session the WebSocket session
	 * @param connectionId its connection id
	 * @param digest its socket digest
	 * @param sessionDigest the digest that names the HTTP session it was opened with, if any
	 * @return the connection
	 */
	public RealtimeConnection open(WebSocketSession session, String connectionId, String digest,
			@Nullable String sessionDigest) {
		RealtimeConnection connection = new RealtimeConnection(session, connectionId, digest, sessionDigest,
				this.limits, this.senders, this.closers, this.observer, this.coalesce);
		this.byDigest.put(digest, connection);
		if (sessionDigest != null) {
			// Added inside compute: a set that another socket of the session empties meanwhile
			// leaves the map in remove(), and a socket added to it after that would never be
			// closed with its session.
			this.bySession.compute(sessionDigest, (id, connections) -> {
				Set<RealtimeConnection> open = (connections != null) ? connections : ConcurrentHashMap.newKeySet();
				open.add(connection);
				return open;
			});
		}
		return connection;
	}

	/**
	 * Remove a socket that closed. Until {@link #released(RealtimeConnection)} is called for
	 * it, {@link #closeAll(CloseStatus, Duration)} still waits for it.
	 * @param connection the connection
	 * @return whether it was registered
	 */
	public boolean remove(RealtimeConnection connection) {
		String sessionDigest = connection.sessionDigest();
		if (sessionDigest != null) {
			this.bySession.computeIfPresent(sessionDigest, (id, connections) -> {
				connections.remove(connection);
				return connections.isEmpty() ? null : connections;
			});
		}
		// Added first, so that closeAll never finds both empty while this one is on its way.
		this.releasing.add(connection);
		boolean removed = this.byDigest.remove(connection.digest(), connection);
		if (!removed) {
			this.releasing.remove(connection);
		}
		return removed;
	}

	/**
	 * Record that a socket removed after it closed has been dealt with: its subscriptions
	 * taken out of the broker and its digest released into the registry.
	 * @param connection the connection
	 */
	public void released(RealtimeConnection connection) {
		this.releasing.remove(connection);
	}

	/**
	 * Return the open socket of a digest on this instance.
	 * @param digest the socket digest
	 * @return the connection, or {@code null}
	 */
	public @Nullable RealtimeConnection get(String digest) {
		return this.byDigest.get(digest);
	}

	/**
	 * Return how many sockets are open on this instance.
	 * @return the number of connections
	 */
	public int size() {
		return this.byDigest.size();
	}

	/**
	 * Return how many threads are writing to sockets now.
	 * @return the number of sender threads alive
	 */
	int senderThreadCount() {
		return this.senders.threadCount();
	}

	/**
	 * Call the given action once for each HTTP session with sockets open on this instance.
	 * @param action given the digest that names the session and its open sockets
	 */
	public void forEachSession(BiConsumer<String, Collection<RealtimeConnection>> action) {
		this.bySession.forEach((sessionDigest, connections) -> action.accept(sessionDigest,
				Collections.unmodifiableSet(connections)));
	}

	/**
	 * Close the socket open here under a digest, if any, because another socket holds its
	 * connection id now, on another instance.
	 * @param digest the socket digest
	 */
	public void closeHeldElsewhere(String digest) {
		RealtimeConnection connection = this.byDigest.get(digest);
		if (connection != null) {
			connection.close(HELD_ELSEWHERE);
		}
	}

	/**
	 * Close, keeping their resume window, the sockets of an HTTP session that were opened with
	 * another id than the one it has now.
	 * @param sessionDigest the digest that names the HTTP session
	 * @param openedWithOtherId whether a socket of the session was opened with another id
	 * @see #SESSION_ID_CHANGED
	 */
	public void closeSessionIdChanged(String sessionDigest, Predicate<RealtimeConnection> openedWithOtherId) {
		Set<RealtimeConnection> connections = this.bySession.get(sessionDigest);
		if (connections != null) {
			for (RealtimeConnection connection : connections) {
				if (openedWithOtherId.test(connection)) {
					connection.close(SESSION_ID_CHANGED);
				}
			}
		}
	}

	/**
	 * Close, with no resume window, every socket opened with the given HTTP session.
	 * @param sessionDigest the digest that names the HTTP session that ended
	 */
	public void closeSession(String sessionDigest) {
		Set<RealtimeConnection> connections = this.bySession.get(sessionDigest);
		if (connections != null) {
			for (RealtimeConnection connection : connections) {
				connection.closeAndForget(SESSION_ENDED);
			}
		}
	}

	/**
	 * Close every open socket, as the application shuts down, and wait until they have closed
	 * and been released into the registry, or the given time has passed: their close frames
	 * then go out before the server stops, which would otherwise drop their connections without
	 * one, and their digests are released while the registry (Redis) is still there.
	 * @param status the close status
	 * @param timeout how long to wait for the sockets to close
	 */
	public void closeAll(CloseStatus status, Duration timeout) {
		for (RealtimeConnection connection : this.byDigest.values()) {
			connection.close(status);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		while ((!this.byDigest.isEmpty() || !this.releasing.isEmpty()) && System.nanoTime() - deadline < 0) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void close() {
		this.watchdog.shutdownNow();
		for (RealtimeConnection connection : this.byDigest.values()) {
			connection.close(CloseStatus.GOING_AWAY);
		}
		this.senders.shutdown();
		this.closers.shutdown();
	}

	private void checkSendTimes() {
		for (RealtimeConnection connection : this.byDigest.values()) {
			connection.checkSendTime();
		}
	}

	// Each socket's slice is set by its digest (an HMAC, so evenly spread): every socket is
	// pinged once per interval, as before, at a phase of its own.
	private final class Heartbeat implements Runnable {

		private final Duration silenceLimit;

		private final int slices;

		// Only the single watchdog thread runs this.
		private int nextSlice;

		Heartbeat(Duration silenceLimit, int slices) {
			this.silenceLimit = silenceLimit;
			this.slices = slices;
		}

		@Override
		public void run() {
			for (RealtimeConnection connection : LiveConnections.this.byDigest.values()) {
				if (Math.floorMod(connection.digest().hashCode(), this.slices) == this.nextSlice) {
					connection.heartbeat(this.silenceLimit);
				}
			}
			this.nextSlice = (this.nextSlice + 1) % this.slices;
		}

	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
