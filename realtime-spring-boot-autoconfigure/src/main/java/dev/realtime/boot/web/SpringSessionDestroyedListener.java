package dev.realtime.boot.web;

import org.springframework.context.ApplicationListener;
import org.springframework.session.Session;
import org.springframework.session.events.SessionDestroyedEvent;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.identity.SessionSocketKeys;

/**
 * Closes the sockets of a Spring Session session that was deleted or expired, with no resume
 * window.
 */
public class SpringSessionDestroyedListener implements ApplicationListener<SessionDestroyedEvent> {

	private final LiveConnections connections;

	/**
	 * Create a listener.
	 * @param connections the sockets open on this instance
	 */
	public SpringSessionDestroyedListener(LiveConnections connections) {
		this.connections = connections;
	}

	@Override
	public void onApplicationEvent(SessionDestroyedEvent event) {
		// By the key's digest, not the session id: the id may have changed since the sockets
		// opened (Spring Security changes it at every login).
		Session session = event.getSession();
		Object key = (session != null) ? session.getAttribute(SessionSocketKeys.ATTRIBUTE) : null;
		if (key instanceof String string) {
			this.connections.closeSession(SessionSocketKeys.sessionDigest(string));
		}
	}

}
