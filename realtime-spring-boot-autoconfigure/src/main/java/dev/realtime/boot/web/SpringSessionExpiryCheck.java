package dev.realtime.boot.web;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.session.SessionRepository;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.RealtimeConnection;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;

/**
 * Closes, with no resume window, the sockets open on this instance of a Spring Session session
 * that expired. Spring Session's default Redis repository, JDBC and the map publish no
 * {@code SessionDestroyedEvent} when a session expires, so {@link SpringSessionDestroyedListener}
 * never hears of it: every interval the repository is asked once for each session with sockets
 * open here ({@code findById}, which finds no expired session, and does not count as an
 * access), and the sockets of one that it no longer finds are closed as on a logout.
 * Repositories known to publish expiry events (Redis's indexed repository, Hazelcast) are not
 * asked.
 */
public class SpringSessionExpiryCheck implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SpringSessionExpiryCheck.class);

	private static final Set<String> EXPIRY_PUBLISHING_REPOSITORIES = Set.of(
			"org.springframework.session.data.redis.RedisIndexedSessionRepository",
			"org.springframework.session.hazelcast.HazelcastIndexedSessionRepository");

	private final LiveConnections connections;

	private final SessionRepository<?> sessions;

	private final Duration interval;

	// The id that a session with sockets here took after they opened (a login on this
	// instance): the id their handshakes recorded finds it no more.
	private final Map<String, String> changedIds = new ConcurrentHashMap<>();

	private final @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create a check and start it, unless the interval is zero or the repository publishes
	 * expiry events itself.
	 * @param connections the sockets open on this instance
	 * @param sessions the application's session repository
	 * @param interval how often each session is looked up
	 */
	public SpringSessionExpiryCheck(LiveConnections connections, SessionRepository<?> sessions, Duration interval) {
		this.connections = connections;
		this.sessions = sessions;
		this.interval = (interval.isNegative() || publishesExpiryEvents(sessions)) ? Duration.ZERO : interval;
		if (this.interval.isZero()) {
			this.scheduler = null;
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("realtime-session-check-");
		threads.setDaemon(true);
		this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
		long millis = Math.max(1, this.interval.toMillis());
		this.scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Return how often sessions are looked up.
	 * @return the interval, zero when they are not
	 */
	public Duration interval() {
		return this.interval;
	}

	/**
	 * Record that a session's id changed on this instance, so that its sockets opened before
	 * are checked under the new id.
	 * @param sessionDigest the digest that names the session's sockets
	 * @param id the session's new id
	 */
	public void sessionIdChanged(String sessionDigest, String id) {
		if (this.scheduler != null) {
			this.changedIds.put(sessionDigest, id);
		}
	}

	/**
	 * Look up every session with sockets open on this instance, and close the sockets of those
	 * that no longer exist.
	 */
	public void check() {
		Map<String, Set<String>> idsBySession = new LinkedHashMap<>();
		this.connections.forEachSession((sessionDigest, open) -> idsBySession.put(sessionDigest, handshakeIds(open)));
		// Sessions whose sockets have all closed since need no new id.
		this.changedIds.keySet().retainAll(idsBySession.keySet());
		int failed = 0;
		@Nullable RuntimeException firstFailure = null;
		for (Map.Entry<String, Set<String>> entry : idsBySession.entrySet()) {
			String sessionDigest = entry.getKey();
			Set<String> ids = new LinkedHashSet<>();
			String changedId = this.changedIds.get(sessionDigest);
			if (changedId != null) {
				ids.add(changedId);
			}
			ids.addAll(entry.getValue());
			try {
				if (!ids.isEmpty() && !exists(ids)) {
					this.changedIds.remove(sessionDigest);
					this.connections.closeSession(sessionDigest);
				}
			}
			catch (RuntimeException ex) {
				// The repository cannot be reached, or cannot read this one session (an
				// attribute whose class changed): it is not known to have ended, and the
				// sessions after it are still asked. The next round asks again.
				failed++;
				if (firstFailure == null) {
					firstFailure = ex;
				}
			}
		}
		if (firstFailure != null) {
			logger.warn("Could not check whether " + failed + " HTTP session(s) with realtime sockets have expired "
					+ "(their sockets stay open): " + firstFailure);
		}
	}

	// The session is the same under any of its ids: the first one found says it lives.
	private boolean exists(Set<String> ids) {
		for (String id : ids) {
			if (this.sessions.findById(id) != null) {
				return true;
			}
		}
		return false;
	}

	private static Set<String> handshakeIds(Collection<RealtimeConnection> open) {
		Set<String> ids = new LinkedHashSet<>();
		for (RealtimeConnection connection : open) {
			if (connection.handshake().attributes()
				.get(RealtimeHandshakeInterceptor.HTTP_SESSION_ID_ATTRIBUTE) instanceof String id) {
				ids.add(id);
			}
		}
		return ids;
	}

	private static boolean publishesExpiryEvents(SessionRepository<?> sessions) {
		for (Class<?> type = sessions.getClass(); type != null; type = type.getSuperclass()) {
			if (EXPIRY_PUBLISHING_REPOSITORIES.contains(type.getName())) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
	}

}
