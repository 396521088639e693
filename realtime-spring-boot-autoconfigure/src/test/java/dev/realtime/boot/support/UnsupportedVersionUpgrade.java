package dev.realtime.boot.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.realtime.boot.test.IssuedConnection;

/**
 * An upgrade that passes the realtime checks and that Spring's handshake handler then refuses
 * with 426, without an exception: a WebSocket version it does not speak.
 */
public final class UnsupportedVersionUpgrade {

	private UnsupportedVersionUpgrade() {
	}

	/**
	 * Send the upgrade for an issued connection and read the answer's status line.
	 * @param port the server's port
	 * @param issued the connection id and the key it was issued for
	 * @return the status line
	 * @throws IOException on a network failure
	 */
	public static String statusLine(int port, IssuedConnection issued) throws IOException {
		try (Socket raw = new Socket("localhost", port)) {
			raw.getOutputStream()
				.write(("GET /?socket_connection_id=" + issued.connectionId() + " HTTP/1.1\r\nHost: localhost:" + port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 12\r\nX-Socket-Key: "
						+ issued.socketKey() + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
	}

}
