package dev.realtime.boot.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;

import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP session that ends after a socket's handshake admitted it and before the socket is
 * open: the logout's closing of the session's sockets came too early for this one.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, SessionEndedDuringHandshakeTests.LogoutDuringHandshake.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SessionEndedDuringHandshakeTests {

	private static final String LOG_OUT_HEADER = "X-Log-Out-During-Handshake";

	@LocalServerPort
	int port;

	@Test
	void socketWhoseSessionEndedWhileItWasOpeningIsClosedForGood() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=private");
		Map<String, String> headers = new HashMap<>(browser.handshakeHeaders());
		headers.put(LOG_OUT_HEADER, "yes");
		RealtimeTestSocket socket = RealtimeTestSocket.connect(browser.socketUri(id), headers, Duration.ofSeconds(10));
		assertThat(socket.awaitClose()).isEqualTo(1008);
		assertThat(browser.refusalStatus(id)).isEqualTo(403);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LogoutDuringHandshake {

		// The starter's interceptor, which, asked to, ends the session once the socket is admitted.
		@Bean
		RealtimeHandshakeInterceptor realtimeHandshakeInterceptor(RealtimeRegistry registry) {
			return new RealtimeHandshakeInterceptor(registry, Duration.ofSeconds(30)) {

				@Override
				public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response,
						WebSocketHandler wsHandler, @Nullable Exception exception) {
					super.afterHandshake(request, response, wsHandler, exception);
					if (request.getHeaders().containsHeader(LOG_OUT_HEADER)
							&& request instanceof ServletServerHttpRequest servletRequest) {
						HttpSession session = servletRequest.getServletRequest().getSession(false);
						if (session != null) {
							session.invalidate();
						}
					}
				}

			};
		}

	}

}
