package dev.realtime.boot.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A WebSocket client over a plain TCP socket that completes the upgrade and then neither reads
 * nor writes: from the server's side, a client whose network dropped without a word.
 */
public final class SilentClient implements AutoCloseable {

	private final Socket socket;

	private SilentClient(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Open the socket and complete the upgrade.
	 * @param port the server's port
	 * @param pathAndQuery the endpoint with its query
	 * @param headers extra handshake headers
	 * @return the client
	 * @throws IOException on a network failure or a refused upgrade
	 */
	public static SilentClient connect(int port, String pathAndQuery, Map<String, String> headers) throws IOException {
		Socket socket = new Socket("localhost", port);
		StringBuilder request = new StringBuilder();
		request.append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
		request.append("Host: localhost:").append(port).append("\r\n");
		request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
		request.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n");
		OutputStream out = socket.getOutputStream();
		out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
		out.flush();
		String response = readHead(socket.getInputStream());
		if (!response.startsWith("HTTP/1.1 101")) {
			socket.close();
			throw new IOException("Upgrade refused: " + response);
		}
		return new SilentClient(socket);
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed during the upgrade");
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
