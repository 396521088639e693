package dev.realtime.boot.web;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.identity.SessionSocketKeys;

/**
 * Closes the sockets of an HTTP session that ended (a logout, an expiry), with no resume window:
 * their key went with the session. Closes too, keeping their resume window, the sockets opened
 * with the id a session had before it changed (a login), which the browser resumes with the
 * session's new id.
 */
public class RealtimeSessionListener implements HttpSessionListener, HttpSessionIdListener {

	private final LiveConnections connections;

	/**
	 * Create a listener.
	 * @param connections the sockets open on this instance
	 */
	public RealtimeSessionListener(LiveConnections connections) {
		this.connections = connections;
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		// By the key's digest, not the session id: the id may have changed since the sockets
		// opened (Spring Security changes it at every login).
		String sessionDigest = SessionSocketKeys.sessionDigest(event.getSession());
		if (sessionDigest != null) {
			// Invalidated by a route called over one of its sockets, on this thread: that one
			// is answered first.
			RequestAttributes request = RequestContextHolder.getRequestAttributes();
			if (request != null) {
				SessionEndingCalls.answerFirst(this.connections, sessionDigest,
						request.getAttribute(RequestRealtimeSocket.IDENTITY_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST),
						request.getAttribute(RequestRealtimeSocket.CALL_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
			}
			this.connections.closeSession(sessionDigest);
		}
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		String sessionDigest = SessionSocketKeys.sessionDigest(event.getSession());
		if (sessionDigest != null) {
			SessionIdChanges.closeOpenedBefore(this.connections, sessionDigest, event.getSession().getId());
		}
	}

}
