package dev.realtime.boot.web;

import org.springframework.context.ApplicationListener;
import org.springframework.session.events.SessionDestroyedEvent;

import dev.realtime.boot.connection.LiveConnections;

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
		this.connections.closeSession(event.getSessionId());
	}

}
