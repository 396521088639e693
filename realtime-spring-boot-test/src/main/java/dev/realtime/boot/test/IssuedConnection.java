package dev.realtime.boot.test;

/**
 * A connection id and socket key issued by the connection endpoint to a non-browser client.
 *
 * @param connectionId the connection id
 * @param socketKey the socket key that the client keeps
 */
public record IssuedConnection(String connectionId, String socketKey) {

	@Override
	public String toString() {
		// Test output may end up in shared build logs: the key stays out of it.
		return "IssuedConnection[connectionId=" + this.connectionId + "]";
	}

}
