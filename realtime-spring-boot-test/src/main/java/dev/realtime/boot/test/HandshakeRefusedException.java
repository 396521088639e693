package dev.realtime.boot.test;

/**
 * Thrown when the server refused to open a socket: the handshake was answered with an HTTP
 * status instead of the upgrade.
 */
public class HandshakeRefusedException extends IllegalStateException {

	private final int status;

	HandshakeRefusedException(String message, int status) {
		super(message);
		this.status = status;
	}

	/**
	 * Return the HTTP status that the server answered with.
	 * @return the status, such as 400, 403 or 503
	 */
	public int getStatus() {
		return this.status;
	}

}
