package dev.realtime.boot.web;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;

/**
 * A session whose id changed (Spring Security changes it at every login over HTTP): its sockets
 * opened with the id from before cannot call routes with it any more, as a request with that id
 * no longer finds it, since that id may be one an attacker planted in the browser and opened a
 * socket with himself. They are closed with their resume window kept
 * ({@link LiveConnections#SESSION_ID_CHANGED}): the browser, which has the session's new
 * cookie, resumes its socket with the same id and subscriptions, and its calls run with the
 * session again, as the user who logged in; a client with the old id only is refused.
 */
final class SessionIdChanges {

	private SessionIdChanges() {
	}

	/**
	 * Close the session's sockets opened with another id than its new one.
	 * @param connections the sockets open on this instance
	 * @param sessionDigest the digest that names the session
	 * @param newId the session's new id
	 */
	static void closeOpenedBefore(LiveConnections connections, String sessionDigest, String newId) {
		connections.closeSessionIdChanged(sessionDigest, (connection) -> !newId
			.equals(connection.handshake().attributes().get(RealtimeHandshakeInterceptor.HTTP_SESSION_ID_ATTRIBUTE)));
	}

}
