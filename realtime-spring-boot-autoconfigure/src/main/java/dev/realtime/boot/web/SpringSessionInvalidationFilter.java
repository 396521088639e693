package dev.realtime.boot.web;

import java.io.IOException;
import java.util.Enumeration;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.session.web.http.SessionRepositoryFilter;

import dev.realtime.boot.broker.Backplane;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.identity.SessionSocketKeys;

/**
 * Closes, with no resume window, the sockets of a Spring Session session that a request
 * invalidates (a logout), on this instance and, through the {@link Backplane}, on the others;
 * and, keeping their resume window, its sockets on this instance opened with the id it had
 * before a request changed it (a login: see {@link SessionIdChanges}).
 * Spring Session's default Redis repository (and JDBC, and the map) publish no
 * {@code SessionDestroyedEvent}, so {@link SpringSessionDestroyedListener} alone would leave
 * them open, still receiving the channels of the user who logged out. Runs right after Spring
 * Session's filter, and only on the requests it handled: container sessions are
 * {@link RealtimeSessionListener}'s.
 * <p>
 * It also gives a session its socket key in the request that creates it. Each request works on
 * a copy of a Spring Session session, saved when it ends: two first pages rendered at once in a
 * session that has no key yet (made by a login or a cart) would both add the key, and Spring
 * Session JDBC, which inserts an added attribute, would fail the second insert on its table's
 * primary key, and that page with it (500). No other request can hold a session before its
 * client has the cookie, so a key stored by the request that creates it is never stored twice.
 */
public class SpringSessionInvalidationFilter implements Filter {

	private final LiveConnections connections;

	private final Backplane backplane;

	private final @Nullable SpringSessionExpiryCheck expiryCheck;

	/**
	 * Create the filter.
	 * @param connections the sockets open on this instance
	 * @param backplane the link to the other instances
	 */
	public SpringSessionInvalidationFilter(LiveConnections connections, Backplane backplane) {
		this(connections, backplane, null);
	}

	/**
	 * Create the filter.
	 * @param connections the sockets open on this instance
	 * @param backplane the link to the other instances
	 * @param expiryCheck the check of expired sessions, told of the ids that sessions take
	 * here, if any
	 */
	public SpringSessionInvalidationFilter(LiveConnections connections, Backplane backplane,
			@Nullable SpringSessionExpiryCheck expiryCheck) {
		this.connections = connections;
		this.backplane = backplane;
		this.expiryCheck = expiryCheck;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest httpRequest
				&& request.getAttribute(SessionRepositoryFilter.SESSION_REPOSITORY_ATTR) != null) {
			chain.doFilter(new InvalidationAwareRequest(httpRequest), response);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	private void sessionEnded(String sessionDigest) {
		this.connections.closeSession(sessionDigest);
		this.backplane.sessionEnded(sessionDigest);
	}

	private final class InvalidationAwareRequest extends HttpServletRequestWrapper {

		// The same wrapper for as long as Spring Session hands out the same session: code that
		// locks on the session (WebUtils.getSessionMutex) must find one object.
		private @Nullable HttpSession wrapped;

		private @Nullable InvalidationAwareSession wrapper;

		InvalidationAwareRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable HttpSession getSession(boolean create) {
			return wrap(super.getSession(create));
		}

		@Override
		public HttpSession getSession() {
			return wrap(super.getSession());
		}

		@Override
		public String changeSessionId() {
			if (getAttribute(RequestRealtimeSocket.CALL_ATTRIBUTE) != null) {
				// Called over a socket: the browser would keep the old id's cookie, which finds
				// no session any more.
				throw new SessionIdChangeRefusedException();
			}
			String id = super.changeSessionId();
			String sessionDigest = SessionSocketKeys.sessionDigest(super.getSession(false));
			if (sessionDigest != null) {
				SpringSessionExpiryCheck check = SpringSessionInvalidationFilter.this.expiryCheck;
				if (check != null) {
					check.sessionIdChanged(sessionDigest, id);
				}
				SessionIdChanges.closeOpenedBefore(SpringSessionInvalidationFilter.this.connections, sessionDigest, id);
			}
			return id;
		}

		private synchronized @Nullable HttpSession wrap(@Nullable HttpSession session) {
			if (session == null) {
				return null;
			}
			if (session != this.wrapped || this.wrapper == null) {
				this.wrapped = session;
				this.wrapper = new InvalidationAwareSession(session, this);
				if (session.isNew()) {
					SessionSocketKeys.getOrCreate(session);
				}
			}
			return this.wrapper;
		}

	}

	private final class InvalidationAwareSession implements HttpSession {

		private final HttpSession session;

		private final HttpServletRequest request;

		InvalidationAwareSession(HttpSession session, HttpServletRequest request) {
			this.session = session;
			this.request = request;
		}

		@Override
		public void invalidate() {
			// Read before: the key goes with the session.
			String sessionDigest = SessionSocketKeys.sessionDigest(this.session);
			if (sessionDigest != null) {
				// Before: a repository that publishes the deletion closes the session's sockets
				// from within invalidate().
				SessionEndingCalls.answerFirst(SpringSessionInvalidationFilter.this.connections, sessionDigest,
						this.request.getAttribute(RequestRealtimeSocket.IDENTITY_ATTRIBUTE),
						this.request.getAttribute(RequestRealtimeSocket.CALL_ATTRIBUTE));
			}
			this.session.invalidate();
			if (sessionDigest != null) {
				sessionEnded(sessionDigest);
			}
		}

		@Override
		public long getCreationTime() {
			return this.session.getCreationTime();
		}

		@Override
		public String getId() {
			return this.session.getId();
		}

		@Override
		public long getLastAccessedTime() {
			return this.session.getLastAccessedTime();
		}

		@Override
		public ServletContext getServletContext() {
			return this.session.getServletContext();
		}

		@Override
		public void setMaxInactiveInterval(int interval) {
			this.session.setMaxInactiveInterval(interval);
		}

		@Override
		public int getMaxInactiveInterval() {
			return this.session.getMaxInactiveInterval();
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.session.getAttribute(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return this.session.getAttributeNames();
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			this.session.setAttribute(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.session.removeAttribute(name);
		}

		@Override
		public boolean isNew() {
			return this.session.isNew();
		}

	}

}
