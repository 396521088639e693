package dev.realtime.boot.action;

/**
 * Thrown by an action to answer with an error reply,
 * {@code {"id":<id>,"status":<status>,"error":"<message>"}}; the socket stays open.
 */
public class RealtimeActionException extends RuntimeException {

	private final int status;

	/**
	 * Create an exception.
	 * @param status the status, as an HTTP status code (4xx or 5xx; any other is answered as
	 * a failure of the action, 500)
	 * @param message what was wrong, sent to the client
	 */
	public RealtimeActionException(int status, String message) {
		super(message);
		this.status = status;
	}

	/**
	 * Return the status of the error reply.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

}
