package dev.realtime.sample.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) that records every text frame it receives.
 */
public final class TestSocket implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

	private final WebSocket webSocket;

	private TestSocket(URI uri, Map<String, String> headers) {
		WebSocket.Builder builder = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5));
		headers.forEach(builder::header);
		try {
			this.webSocket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not connect to " + uri, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Connect and wait for the upgrade.
	 * @param uri the endpoint with its query
	 * @param headers extra handshake headers
	 * @return the open socket
	 */
	public static TestSocket connect(URI uri, Map<String, String> headers) {
		return new TestSocket(uri, headers);
	}

	/**
	 * Send a text frame.
	 * @param text the text
	 */
	public void send(String text) {
		this.webSocket.sendText(text, true).join();
	}

	/**
	 * Wait for the next frame.
	 * @return the frame as JSON
	 */
	public JsonNode next() {
		try {
			String frame = this.frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				throw new AssertionError("No frame arrived within " + WAIT);
			}
			return JsonMapper.shared().readTree(frame);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
				.orTimeout(2, TimeUnit.SECONDS)
				.exceptionally((ex) -> null);
		}
		this.webSocket.abort();
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
			webSocket.request(1);
			return null;
		}

	}

}
