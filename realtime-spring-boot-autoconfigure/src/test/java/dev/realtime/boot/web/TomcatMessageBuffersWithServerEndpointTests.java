package dev.realtime.boot.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletContext;
import jakarta.websocket.OnMessage;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with a Jakarta {@code @ServerEndpoint} of its own, deployed by Spring's
 * {@link ServerEndpointExporter}: Tomcat's message buffers, that endpoint's whole-message
 * limit, stay at Tomcat's defaults.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class,
		TomcatMessageBuffersWithServerEndpointTests.JakartaEndpointConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatMessageBuffersWithServerEndpointTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletContext servletContext;

	@Test
	void theServerEndpointStillTakesA6KilobyteMessage() throws Exception {
		String message = "z".repeat(6 * 1024);
		CompletableFuture<String> echo = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/jakarta-echo"), new FirstText(echo))
			.get(10, TimeUnit.SECONDS);
		try {
			socket.sendText(message, true).get(10, TimeUnit.SECONDS);
			String echoed = echo.get(10, TimeUnit.SECONDS);
			assertThat(echoed.length()).as(echoed.substring(0, Math.min(120, echoed.length())))
				.isEqualTo(message.length());
		}
		finally {
			socket.abort();
		}
		WebSocketContainer container = (WebSocketContainer) this.servletContext
			.getAttribute("jakarta.websocket.server.ServerContainer");
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(8192);
	}

	@Configuration(proxyBeanMethods = false)
	static class JakartaEndpointConfiguration {

		@Bean
		ServerEndpointExporter serverEndpointExporter() {
			ServerEndpointExporter exporter = new ServerEndpointExporter();
			exporter.setAnnotatedEndpointClasses(JakartaEcho.class);
			return exporter;
		}

	}

	@ServerEndpoint("/jakarta-echo")
	public static class JakartaEcho {

		@OnMessage
		public String echo(String message) {
			return message;
		}

	}

	// Completes with the first whole text message, or with the close if the server closes first.
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
