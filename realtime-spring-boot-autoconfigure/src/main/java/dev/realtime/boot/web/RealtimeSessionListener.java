package dev.realtime.boot.web;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.identity.SessionSocketKeys;

/**
 * Closes the sockets of an HTTP session that ended (a logout, an expiry), with no resume window:
 * their key went with the session.
 */
public class RealtimeSessionListener implements HttpSessionListener {

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
			this.connections.closeSession(sessionDigest);
		}
	}

}
