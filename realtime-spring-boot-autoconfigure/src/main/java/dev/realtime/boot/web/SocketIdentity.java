package dev.realtime.boot.web;

/**
 * The socket that an HTTP request acts for.
 *
 * @param connectionId the connection id, given to the client
 * @param digest the socket digest, which never leaves the server
 */
public record SocketIdentity(String connectionId, String digest) {

	@Override
	public String toString() {
		return "SocketIdentity[connectionId=" + this.connectionId + "]";
	}

}
