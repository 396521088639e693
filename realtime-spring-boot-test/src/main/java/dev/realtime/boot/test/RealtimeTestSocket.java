package dev.realtime.boot.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An open realtime socket (the JDK's WebSocket client) that records every frame it receives.
 * Frames are taken in arrival order by {@link #next()}, by the reply they answer
 * ({@link #request}, {@link #call}), or by what a push holds ({@link #awaitPush()}); a frame
 * taken once is not taken again, and the others wait for their turn. Every wait is bounded, and
 * a wait that runs out fails with the frames that did arrive. A socket may be used from several
 * threads at once: sends go out one at a time, and each reply reaches the thread that waits for
 * it.
 */
public final class RealtimeTestSocket implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.shared();

	// One for every socket and every RealtimeTestClient (which adds each client's cookies itself):
	// each HttpClient has a selector thread of its own, which outlives its requests until it is
	// garbage collected (this module is for Java 17, where an HttpClient cannot be closed).
	static final HttpClient httpClient = HttpClient.newHttpClient();

	private final List<Frame> frames = new ArrayList<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final AtomicLong ids = new AtomicLong();

	// The JDK's WebSocket takes one send at a time and fails the others ("Send pending").
	private final Object sending = new Object();

	private final boolean reading;

	private final Duration timeout;

	private volatile @Nullable WebSocket webSocket;

	private RealtimeTestSocket(boolean reading, Duration timeout) {
		this.reading = reading;
		this.timeout = timeout;
	}

	/**
	 * Connect and wait for the upgrade (not for the server to bind the socket: see
	 * {@link #awaitBound()}).
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @param timeout how long waits on this socket last
	 * @return the open socket
	 * @throws HandshakeRefusedException if the server refused the socket
	 */
	public static RealtimeTestSocket connect(URI uri, Map<String, String> headers, Duration timeout) {
		return connect(uri, headers, true, timeout);
	}

	/**
	 * Connect and wait for the upgrade, waiting {@link RealtimeTestClient#DEFAULT_TIMEOUT}.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @return the open socket
	 */
	public static RealtimeTestSocket connect(URI uri, Map<String, String> headers) {
		return connect(uri, headers, RealtimeTestClient.DEFAULT_TIMEOUT);
	}

	/**
	 * Connect a client that reads one frame and then stops reading, as a stalled client.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @param timeout how long waits on this socket last
	 * @return the open socket
	 */
	public static RealtimeTestSocket connectStalled(URI uri, Map<String, String> headers, Duration timeout) {
		return connect(uri, headers, false, timeout);
	}

	private static RealtimeTestSocket connect(URI uri, Map<String, String> headers, boolean reading,
			Duration timeout) {
		RealtimeTestSocket socket = new RealtimeTestSocket(reading, timeout);
		CompletableFuture<WebSocket> opening = builder(headers).buildAsync(uri, socket.new Listener());
		try {
			socket.webSocket = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				throw new HandshakeRefusedException("The handshake to " + withoutKey(uri) + " was refused with "
						+ refused.getResponse().statusCode() + ": " + refused.getResponse().body(),
						refused.getResponse().statusCode());
			}
			throw new IllegalStateException("Could not connect to " + withoutKey(uri), ex);
		}
		catch (InterruptedException | TimeoutException ex) {
			abortWhenOpen(opening);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("Could not connect to " + withoutKey(uri) + " within "
					+ timeout.toMillis() + " ms", ex);
		}
		return socket;
	}

	/**
	 * Try to connect and return the HTTP status of the refusal.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @param timeout how long to wait for the answer
	 * @return the status the server answered instead of upgrading
	 * @throws AssertionError if the socket was admitted
	 */
	public static int refusalStatus(URI uri, Map<String, String> headers, Duration timeout) {
		CompletableFuture<WebSocket> opening = builder(headers).buildAsync(uri, new WebSocket.Listener() {
		});
		try {
			WebSocket webSocket = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			webSocket.abort();
			throw new AssertionError("Expected the handshake to " + withoutKey(uri) + " to be refused, but it was accepted");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				return refused.getResponse().statusCode();
			}
			throw new AssertionError("Handshake failed without an HTTP status", ex);
		}
		catch (InterruptedException | TimeoutException ex) {
			abortWhenOpen(opening);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new AssertionError("Handshake to " + withoutKey(uri) + " did not complete within "
					+ timeout.toMillis() + " ms", ex);
		}
	}

	// A handshake given up on may still succeed: its socket is then closed at once rather than
	// left open, unread, for the rest of the test run.
	private static void abortWhenOpen(CompletableFuture<WebSocket> opening) {
		opening.thenAccept(WebSocket::abort);
	}

	/**
	 * Try to connect and return the HTTP status of the refusal, waiting
	 * {@link RealtimeTestClient#DEFAULT_TIMEOUT}.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @return the status the server answered instead of upgrading
	 */
	public static int refusalStatus(URI uri, Map<String, String> headers) {
		return refusalStatus(uri, headers, RealtimeTestClient.DEFAULT_TIMEOUT);
	}

	private static WebSocket.Builder builder(Map<String, String> headers) {
		WebSocket.Builder builder = httpClient.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5));
		headers.forEach(builder::header);
		return builder;
	}

	/**
	 * Wait until the server has bound the socket, with a ping round trip: the server answers
	 * only once it has opened the socket, and every push made after that reaches it.
	 * @return this socket
	 */
	public RealtimeTestSocket awaitBound() {
		// Any answer will do: the application may have replaced the built-in ping.
		String id = nextId("bound");
		JsonNode reply = request("{\"id\":\"" + id + "\",\"action\":\"ping\"}", id);
		if (reply.path("status").asInt() != 200) {
			throw new AssertionError("Ping answered " + reply);
		}
		return this;
	}

	/**
	 * Send a {@code ping} and wait for its {@code pong}.
	 * @throws AssertionError if the reply is not a 200 {@code pong}
	 */
	public void ping() {
		String id = nextId("ping");
		JsonNode pong = request("{\"id\":\"" + id + "\",\"action\":\"ping\"}", id);
		if (pong.path("status").asInt() != 200 || !"pong".equals(pong.path("body").asString(""))) {
			throw new AssertionError("Ping answered " + pong);
		}
	}

	/**
	 * Call a route of the application over the socket ({@code call-route}) and wait for the
	 * reply. The call goes through the application's filters and controllers as an HTTP request
	 * with the session of the handshake would.
	 * @param method the HTTP method
	 * @param uri the path and query
	 * @param input request parameters, or {@code null}
	 * @return the reply
	 */
	public RouteReply call(String method, String uri, @Nullable Map<String, ?> input) {
		String id = nextId("call");
		ObjectNode message = json.createObjectNode();
		message.put("id", id);
		message.put("action", "call-route");
		message.put("method", method);
		message.put("uri", uri);
		if (input != null) {
			message.set("input", json.valueToTree(input));
		}
		return RouteReply.of(request(message.toString(), id));
	}

	/**
	 * Call a route of the application over the socket, with no input.
	 * @param method the HTTP method
	 * @param uri the path and query
	 * @return the reply
	 */
	public RouteReply call(String method, String uri) {
		return call(method, uri, null);
	}

	/**
	 * Wait for a push; narrow what it must hold with the methods of the returned
	 * {@link AwaitedPush}: {@code awaitPush().onChannel("chat").withPayload("{\"content\":\"hi\"}")}.
	 * Each step waits, up to this socket's timeout, for the first push not taken yet that holds
	 * everything asked so far.
	 * @return the push
	 * @throws AssertionError if no push arrives in time, listing the frames that did
	 */
	public AwaitedPush awaitPush() {
		return new AwaitedPush(this, this.timeout);
	}

	/**
	 * Wait for a push, up to the given time for each step.
	 * @param timeout how long each step waits
	 * @return the push
	 */
	public AwaitedPush awaitPush(Duration timeout) {
		return new AwaitedPush(this, timeout);
	}

	/**
	 * Send a text frame.
	 * @param text the text
	 */
	public void send(String text) {
		WebSocket current = requireOpen();
		synchronized (this.sending) {
			requireNotClosedByServer();
			try {
				current.sendText(text, true).join();
			}
			catch (CompletionException ex) {
				requireNotClosedByServer();
				throw ex;
			}
		}
	}

	/**
	 * Send a binary frame.
	 * @param bytes the bytes
	 */
	public void sendBinary(byte[] bytes) {
		WebSocket current = requireOpen();
		synchronized (this.sending) {
			requireNotClosedByServer();
			try {
				current.sendBinary(ByteBuffer.wrap(bytes), true).join();
			}
			catch (CompletionException ex) {
				requireNotClosedByServer();
				throw ex;
			}
		}
	}

	/**
	 * Take the next frame not taken yet.
	 * @return the frame as JSON
	 */
	public JsonNode next() {
		return next(this.timeout);
	}

	/**
	 * Take the next frame not taken yet.
	 * @param timeout how long to wait
	 * @return the frame as JSON
	 */
	public JsonNode next(Duration timeout) {
		return take((frame) -> true, "a frame", timeout).json();
	}

	/**
	 * Take the next frames not taken yet, each within the client's timeout.
	 * @param count how many
	 * @return the frames as JSON, in arrival order
	 */
	public List<JsonNode> next(int count) {
		List<JsonNode> result = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			try {
				result.add(next(this.timeout));
			}
			catch (AssertionError ex) {
				throw new AssertionError("Only " + i + " of " + count + " frames arrived", ex);
			}
		}
		return result;
	}

	/**
	 * Take the next frame not taken yet if one arrives within the given time.
	 * @param wait how long to listen
	 * @return the frame's text, or {@code null}
	 */
	public @Nullable String pollFrame(Duration wait) {
		Frame frame = find((candidate) -> true, wait);
		return (frame != null) ? frame.text() : null;
	}

	/**
	 * Send a message and take the frame that answers it (other frames wait for their turn).
	 * @param message the message, JSON
	 * @param id the message id to wait for
	 * @return the reply
	 */
	public JsonNode request(String message, String id) {
		send(message);
		return take((frame) -> frame.json().has("id") && id.equals(frame.json().get("id").asString()),
				"the reply to message '" + id + "'", this.timeout).json();
	}

	/**
	 * Wait for the server to close the socket.
	 * @return the close code, or -1 if the connection failed without one
	 */
	public int awaitClose() {
		return awaitClose(this.timeout);
	}

	/**
	 * Wait for the server to close the socket.
	 * @param timeout how long to wait
	 * @return the close code, or -1 if the connection failed without one
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

	/**
	 * Return every frame received so far, taken or not, in arrival order.
	 * @return the frames' text
	 */
	public List<String> received() {
		synchronized (this.frames) {
			return this.frames.stream().map(Frame::text).toList();
		}
	}

	@Override
	public void close() {
		WebSocket current = this.webSocket;
		if (current != null && !current.isOutputClosed()) {
			current.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
				.orTimeout(2, TimeUnit.SECONDS)
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
		requireOpen().sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).join();
		awaitClose();
	}

	Frame take(Predicate<Frame> matches, String what, Duration timeout) {
		Frame frame = find(matches, timeout);
		if (frame == null) {
			throw new AssertionError("Expected " + what + " within " + timeout.toMillis() + " ms, but "
					+ describeArrivals());
		}
		return frame;
	}

	void giveBack(Frame frame) {
		synchronized (this.frames) {
			frame.taken = false;
			// Another thread may be waiting for this very frame: it is there again.
			this.frames.notifyAll();
		}
	}

	// Marks the first frame not taken yet that matches, waiting for it until the deadline.
	private @Nullable Frame find(Predicate<Frame> matches, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.frames) {
			while (true) {
				for (Frame frame : this.frames) {
					if (!frame.taken && matches.test(frame)) {
						frame.taken = true;
						return frame;
					}
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || isClosed()) {
					return null;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.frames, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted while waiting for a frame", ex);
				}
			}
		}
	}

	private String describeArrivals() {
		synchronized (this.frames) {
			List<Frame> waiting = this.frames.stream().filter((frame) -> !frame.taken).toList();
			long taken = this.frames.size() - waiting.size();
			StringBuilder description = new StringBuilder();
			if (waiting.isEmpty()) {
				description.append("no other frame arrived");
			}
			else {
				description.append(waiting.size())
					.append((waiting.size() == 1) ? " other frame arrived:" : " other frames arrived:")
					.append(waiting.stream().map((frame) -> "\n  " + frame.text()).collect(Collectors.joining()));
			}
			if (taken > 0) {
				description.append("\n(").append(taken).append(" earlier taken by other waits)");
			}
			if (isClosed()) {
				description.append("\nand the socket was closed with ").append(this.closeCode.getNow(-1));
			}
			return description.toString();
		}
	}

	private String nextId(String prefix) {
		return prefix + "-" + this.ids.incrementAndGet();
	}

	private WebSocket requireOpen() {
		WebSocket current = this.webSocket;
		if (current == null) {
			throw new IllegalStateException("Not connected");
		}
		return current;
	}

	// A socket the server closed takes no more frames: say so, with its close code, rather than
	// leave a test with the JDK's "Output closed".
	private void requireNotClosedByServer() {
		if (isClosed()) {
			throw new IllegalStateException("Cannot send on this socket: the server closed the socket with "
					+ this.closeCode.getNow(-1));
		}
	}

	private static String withoutKey(URI uri) {
		return uri.toString().replaceAll("socket_key=[^&]*", "socket_key=...");
	}

	private void received(String text) {
		synchronized (this.frames) {
			this.frames.add(new Frame(text));
			this.frames.notifyAll();
		}
	}

	private void closed(int code) {
		this.closeCode.complete(code);
		synchronized (this.frames) {
			this.frames.notifyAll();
		}
	}

	/** A frame as it arrived. */
	static final class Frame {

		private static final JsonMapper mapper = JsonMapper.shared();

		private final String text;

		private final JsonNode json;

		boolean taken;

		Frame(String text) {
			this.text = text;
			this.json = parse(text);
		}

		String text() {
			return this.text;
		}

		JsonNode json() {
			return this.json;
		}

		private static JsonNode parse(String text) {
			try {
				return mapper.readTree(text);
			}
			catch (JacksonException ex) {
				// Kept as a string, so that a test sees what the server sent.
				return mapper.getNodeFactory().stringNode(text);
			}
		}

	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				received(this.partial.toString());
				this.partial.setLength(0);
			}
			if (RealtimeTestSocket.this.reading) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed(-1);
		}

	}

}
