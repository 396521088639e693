package dev.realtime.boot.web;

import org.jspecify.annotations.Nullable;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.RealtimeConnection;

/**
 * A session ended by a route called over one of its sockets (a logout with call-route): that
 * socket closes with the others, but only once the call is answered, as an HTTP logout gets
 * its response.
 */
final class SessionEndingCalls {

	private SessionEndingCalls() {
	}

	/**
	 * Have the socket that the request acts for, if it is one of the session's, close once
	 * answered; to be called before its sockets are closed.
	 * @param connections the sockets open on this instance
	 * @param sessionDigest the digest that names the session that ends
	 * @param identity the request's {@link RequestRealtimeSocket#IDENTITY_ATTRIBUTE}, if any
	 * @param call the request's {@link RequestRealtimeSocket#CALL_ATTRIBUTE}, if any
	 */
	static void answerFirst(LiveConnections connections, String sessionDigest, @Nullable Object identity,
			@Nullable Object call) {
		if (identity instanceof SocketIdentity socketIdentity && call != null) {
			RealtimeConnection caller = connections.get(socketIdentity.digest());
			if (caller != null && sessionDigest.equals(caller.sessionDigest())) {
				caller.closeAndForgetOnceAnswered(LiveConnections.SESSION_ENDED, call);
			}
		}
	}

}
