package dev.realtime.boot.web;

/**
 * Thrown when a route called over a socket changes the id of its HTTP session, as Spring
 * Security's session fixation protection does at every login. The browser learns a session's
 * new id only from the cookie of an HTTP response, which a WebSocket frame never sets: the
 * container's session would keep the id the browser had before (one that an attacker may have
 * planted), and a Spring Session session would move to an id that the browser never learns,
 * losing the browser its session. The call gets the error reply 400, saying to log in over
 * HTTP.
 */
public class SessionIdChangeRefusedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 */
	public SessionIdChangeRefusedException() {
		super("call-route cannot change the id of the HTTP session (a login does): the browser would"
				+ " never get the new id's cookie. Log in over HTTP: the page's socket then resumes as the user"
				+ " who logged in");
	}

}
