package dev.realtime.boot.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends one text message to a WebSocket endpoint with the JDK's client and reads the first
 * whole text message that comes back, or {@code "closed <code> <reason>"} if the server closes
 * the socket first: for the endpoints of other kinds that tests put beside the realtime one.
 */
final class TextRoundTrip {

	private TextRoundTrip() {
	}

	/**
	 * Send a message to an echo endpoint and assert that it comes back whole.
	 * @param uri the endpoint
	 * @param message the message
	 * @throws Exception if the socket cannot be opened or nothing comes back in time
	 */
	static void assertEchoes(URI uri, String message) throws Exception {
		String echoed = send(uri, message);
		// Compared by length first: a 1009 close would otherwise be reported against the whole
		// message.
		assertThat(echoed.length()).as(echoed.substring(0, Math.min(120, echoed.length())))
			.isEqualTo(message.length());
		assertThat(echoed).isEqualTo(message);
	}

	private static String send(URI uri, String message) throws Exception {
		CompletableFuture<String> received = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(uri, new FirstText(received))
			.get(10, TimeUnit.SECONDS);
		try {
			socket.sendText(message, true).get(10, TimeUnit.SECONDS);
			return received.get(10, TimeUnit.SECONDS);
		}
		finally {
			socket.abort();
		}
	}

	private static final class FirstText implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private final CompletableFuture<String> received;

		FirstText(CompletableFuture<String> received) {
			this.received = received;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.received.complete(this.text.toString());
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.received.complete("closed " + statusCode + " " + reason);
			return null;
		}

	}

}
