package dev.realtime.boot.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A handshake that the server answers only after the client's timeout: the wait fails, and the
 * socket that opens afterwards is not left open.
 */
class SlowHandshakeTests {

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	@Test
	void aConnectThatTimesOutLeavesNoSocketOpen() throws Exception {
		try (ServerSocket server = new ServerSocket(0)) {
			CompletableFuture<Boolean> closedByClient = CompletableFuture
				.supplyAsync(() -> upgradeLateAndAwaitClose(server));
			URI uri = URI.create("ws://localhost:" + server.getLocalPort() + "/?socket_connection_id=x");
			assertThatIllegalStateException().isThrownBy(() -> RealtimeTestSocket.connect(uri, Map.of(), TIMEOUT))
				.withMessageContaining("Could not connect");
			assertThat(closedByClient.get(10, TimeUnit.SECONDS)).as("socket closed by the client").isTrue();
		}
	}

	@Test
	void aRefusalThatTimesOutLeavesNoSocketOpen() throws Exception {
		try (ServerSocket server = new ServerSocket(0)) {
			CompletableFuture<Boolean> closedByClient = CompletableFuture
				.supplyAsync(() -> upgradeLateAndAwaitClose(server));
			URI uri = URI.create("ws://localhost:" + server.getLocalPort() + "/?socket_connection_id=x");
			assertThatThrownBy(() -> RealtimeTestSocket.refusalStatus(uri, Map.of(), TIMEOUT))
				.isInstanceOf(AssertionError.class);
			assertThat(closedByClient.get(10, TimeUnit.SECONDS)).as("socket closed by the client").isTrue();
		}
	}

	// Answers the upgrade a second after the request, then waits up to 3 s for the client to
	// close the connection.
	private static boolean upgradeLateAndAwaitClose(ServerSocket server) {
		try (Socket socket = server.accept()) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String key = null;
			for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
				if (line.toLowerCase().startsWith("sec-websocket-key:")) {
					key = line.substring(line.indexOf(':') + 1).trim();
				}
			}
			Thread.sleep(1000);
			String accept = Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-1")
					.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
			OutputStream out = socket.getOutputStream();
			out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			socket.setSoTimeout(3000);
			try {
				// A close frame or the end of the stream: either way, the client let go.
				int first = socket.getInputStream().read();
				return first == -1 || (first & 0x0F) == 0x8;
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
			catch (SocketException ex) {
				return true;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
