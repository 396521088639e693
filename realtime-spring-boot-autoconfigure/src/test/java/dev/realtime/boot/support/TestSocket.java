package dev.realtime.boot.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) that records every frame it receives.
 */
public final class TestSocket implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.shared();

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final boolean reading;

	private volatile WebSocket webSocket;

	private TestSocket(boolean reading) {
		this.reading = reading;
	}

	/**
	 * Connect and wait for the upgrade.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @return the open socket
	 */
	public static TestSocket connect(URI uri, Map<String, String> headers) {
		return connect(uri, headers, true);
	}

	/**
	 * Connect a client that reads one frame and then stops reading, as a stalled client.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @return the open socket
	 */
	public static TestSocket connectStalled(URI uri, Map<String, String> headers) {
		return connect(uri, headers, false);
	}

	private static TestSocket connect(URI uri, Map<String, String> headers, boolean reading) {
		TestSocket socket = new TestSocket(reading);
		try {
			socket.webSocket = builder(headers).buildAsync(uri, socket.new Listener()).get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not connect to " + uri, ex);
		}
		return socket;
	}

	/**
	 * Try to connect and return the HTTP status of the refusal.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @return the status the server answered instead of upgrading
	 */
	public static int refusalStatus(URI uri, Map<String, String> headers) {
		try {
			WebSocket webSocket = builder(headers).buildAsync(uri, new WebSocket.Listener() {
			}).get(10, TimeUnit.SECONDS);
			webSocket.abort();
			throw new AssertionError("Expected the handshake to " + uri + " to be refused, but it was accepted");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				return refused.getResponse().statusCode();
			}
			throw new AssertionError("Handshake failed without an HTTP status", ex);
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new AssertionError("Handshake did not complete", ex);
		}
	}

	private static WebSocket.Builder builder(Map<String, String> headers) {
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		headers.forEach(builder::header);
		return builder;
	}

	/**
	 * Wait until the server has bound the socket, with a ping round trip.
	 * @return this socket
	 */
	public TestSocket awaitBound() {
		JsonNode pong = request("{\"id\":\"bound\",\"action\":\"ping\"}", "bound");
		if (pong.get("status").asInt() != 200) {
			throw new AssertionError("Ping answered " + pong);
		}
		return this;
	}

	/**
	 * Send a text frame.
	 * @param text the text
	 */
	public void send(String text) {
		this.webSocket.sendText(text, true).join();
	}

	/**
	 * Send a binary frame.
	 * @param bytes the bytes
	 */
	public void sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	/**
	 * Wait for the next frame.
	 * @return the frame as JSON
	 */
	public JsonNode next() {
		return next(WAIT);
	}

	/**
	 * Wait for the next frame.
	 * @param timeout how long to wait
	 * @return the frame as JSON
	 */
	public JsonNode next(Duration timeout) {
		try {
			String frame = this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				throw new AssertionError("No frame arrived within " + timeout);
			}
			return json.readTree(frame);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Wait for a number of frames.
	 * @param count how many
	 * @return the frames as JSON, in arrival order
	 */
	public List<JsonNode> next(int count) {
		List<JsonNode> result = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			try {
				result.add(next(Duration.ofSeconds(20)));
			}
			catch (AssertionError ex) {
				throw new AssertionError("Only " + i + " of " + count + " frames arrived", ex);
			}
		}
		return result;
	}

	/**
	 * Assert that no frame arrives within a short while.
	 * @param wait how long to listen
	 * @return the frame that arrived, or {@code null}
	 */
	public String pollFrame(Duration wait) {
		try {
			return this.frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Send a message and wait for the frame that answers it (pushes in between are kept).
	 * @param message the message, JSON
	 * @param id the message id to wait for
	 * @return the reply
	 */
	public JsonNode request(String message, String id) {
		send(message);
		List<String> others = new ArrayList<>();
		try {
			while (true) {
				JsonNode frame = next();
				if (frame.has("id") && id.equals(frame.get("id").asString())) {
					return frame;
				}
				others.add(frame.toString());
			}
		}
		finally {
			this.frames.addAll(others);
		}
	}

	/**
	 * Wait for the server to close the socket.
	 * @return the close code
	 */
	public int awaitClose() {
		return awaitClose(WAIT);
	}

	/**
	 * Wait for the server to close the socket.
	 * @param timeout how long to wait
	 * @return the close code
	 */
	public int awaitClose(Duration timeout) {
		try {
			return this.closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException | CompletionException ex) {
			throw new AssertionError("The socket was not closed within " + timeout, ex);
		}
	}

	/**
	 * Return whether the server closed the socket.
	 * @return whether a close frame or an error arrived
	 */
	public boolean isClosed() {
		return this.closeCode.isDone();
	}

	@Override
	public void close() {
		WebSocket current = this.webSocket;
		if (current != null && !current.isOutputClosed()) {
			current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
				.exceptionally((ex) -> null);
		}
		if (current != null) {
			current.abort();
		}
	}

	/**
	 * Close the socket and wait until the close handshake ended.
	 */
	public void closeGracefully() {
		WebSocket current = this.webSocket;
		current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).join();
		awaitClose();
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				TestSocket.this.frames.add(this.partial.toString());
				this.partial.setLength(0);
			}
			if (TestSocket.this.reading) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			TestSocket.this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			TestSocket.this.closeCode.complete(-1);
		}

	}

}
