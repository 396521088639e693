package dev.realtime.boot.registry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
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
import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.registry.RealtimeRegistry.Claim;
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

	// Ends the session before the starter's afterHandshake, as a logout in another tab could.
	private static final String LOG_OUT_FIRST_HEADER = "X-Log-Out-Before-After-Handshake";

	@Autowired
	RealtimeRegistry registry;

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

	@Test
	void claimOfAnUpgradeThatFailedAfterItsSessionEndedIsReleased() throws Exception {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=private");
		Map<String, String> headers = new HashMap<>(browser.handshakeHeaders());
		headers.put(LOG_OUT_FIRST_HEADER, "yes");
		// Admitted by the interceptor, then refused by Spring's handshake handler (426): a
		// WebSocket version it does not speak.
		assertThat(rawUpgradeStatus(browser.socketUri(id), headers, "7")).isEqualTo(426);
		String key = LogoutDuringHandshake.keyOfEndedSession;
		assertThat(key).isNotNull();
		assertThat(this.registry.claim(SocketSecrets.digest(key, id))).as("claim of the digest afterwards")
			.isEqualTo(Claim.RESUMED);
	}

	private static int rawUpgradeStatus(URI uri, Map<String, String> headers, String version) throws Exception {
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder("GET " + uri.getRawPath() + "?" + uri.getRawQuery()
					+ " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: " + version + "\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			request.append("\r\n");
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			String statusLine = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
				.readLine();
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LogoutDuringHandshake {

		static volatile @Nullable String keyOfEndedSession;

		// The starter's interceptor, which, asked to, ends the session once the socket is admitted.
		@Bean
		RealtimeHandshakeInterceptor realtimeHandshakeInterceptor(RealtimeRegistry registry) {
			return new RealtimeHandshakeInterceptor(registry, Duration.ofSeconds(30)) {

				@Override
				public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response,
						WebSocketHandler wsHandler, @Nullable Exception exception) {
					if (request.getHeaders().containsHeader(LOG_OUT_FIRST_HEADER)
							&& request instanceof ServletServerHttpRequest servletRequest) {
						HttpSession session = servletRequest.getServletRequest().getSession(false);
						if (session != null) {
							keyOfEndedSession = SessionSocketKeys.get(session);
							session.invalidate();
						}
					}
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
