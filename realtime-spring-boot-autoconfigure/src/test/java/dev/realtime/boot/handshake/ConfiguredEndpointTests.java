package dev.realtime.boot.handshake;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's path, allowed origins and connection endpoint are configurable, and refusals
 * are logged with their reason but never with a key.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.path=/live", "realtime.allowed-origins=https://app.example.com,https://*.example.org",
				"realtime.connection-endpoint.path=/api/socket-ids",
				"logging.level.dev.realtime.boot.handshake=debug" })
@ExtendWith(OutputCaptureExtension.class)
class ConfiguredEndpointTests {

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Test
	void socketsConnectAtTheConfiguredPathOnly() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		Map<String, String> headers = headers(browser, "https://app.example.com");
		assertThat(RealtimeTestSocket.refusalStatus(URI.create("ws://localhost:" + this.port + "/?socket_connection_id=" + id),
				headers)).as("status of an upgrade request to the application's own GET /").isEqualTo(200);
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(live(id), headers)) {
			assertThat(socket.awaitBound().isClosed()).isFalse();
		}
	}

	@Test
	void configuredOriginsAndPatternsAreAllowedAndOthersRefusedWith403() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		assertThat(RealtimeTestSocket.refusalStatus(live(id), headers(browser, "https://evil.example.com"))).isEqualTo(403);
		assertThat(RealtimeTestSocket.refusalStatus(live(id), headers(browser, "https://example.org"))).isEqualTo(403);
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(live(id), headers(browser, "https://eu.example.org"))) {
			assertThat(socket.awaitBound().isClosed()).isFalse();
		}
	}

	@Test
	void sameOriginStaysAllowedBesideTheConfiguredOrigins() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(live(id), headers(browser, "http://localhost:" + this.port))) {
			assertThat(socket.awaitBound().isClosed()).isFalse();
		}
	}

	@Test
	void connectionEndpointAnswersAtItsConfiguredPath() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		HttpResponse<String> response = client.post("/api/socket-ids", "application/json", "");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(client.post("/realtime/connection", "application/json", "").statusCode()).isEqualTo(404);
	}

	@Test
	void refusalsAreLoggedWithTheirReasonAndNeverWithTheKey(CapturedOutput output) {
		TestAppBrowser client = new TestAppBrowser(this.port);
		JsonNode issued = tools.jackson.databind.json.JsonMapper.shared()
			.readTree(client.post("/api/socket-ids", "application/json", "").body());
		String id = issued.get("connection_id").asString();
		String wrongKey = SocketSecrets.newSecret();
		assertThat(RealtimeTestSocket.refusalStatus(URI.create(live(id) + "&socket_key=" + wrongKey), Map.of()))
			.isEqualTo(403);
		assertThat(RealtimeTestSocket.refusalStatus(live(id), Map.of("X-Socket-Key", wrongKey))).isEqualTo(403);
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String pageId = browser.renderPage("/page");
		assertThat(RealtimeTestSocket.refusalStatus(live(pageId), headers(browser, "https://evil.example.com")))
			.isEqualTo(403);
		assertThat(output).contains("Refused realtime handshake")
			.contains("with 403: connection id was not issued for this key, or has expired")
			.contains("with 403: origin not allowed")
			.doesNotContain(wrongKey)
			.doesNotContain(issued.get("socket_key").asString())
			.doesNotContain(SocketSecrets.digest(wrongKey, id))
			.doesNotContain(SocketSecrets.digest(issued.get("socket_key").asString(), id));
	}

	@Test
	void aTestClientFromTheEnvironmentUsesTheConfiguredPaths() {
		RealtimeTestClient client = RealtimeTestClient.from(this.environment);
		try (RealtimeTestSocket socket = client.connectWithoutBrowser()) {
			socket.ping();
		}
		assertThat(client.socketUri("x").getPath()).isEqualTo("/live");
	}

	private URI live(String id) {
		return URI.create("ws://localhost:" + this.port + "/live?socket_connection_id=" + id);
	}

	private static Map<String, String> headers(TestAppBrowser browser, String origin) {
		Map<String, String> headers = new HashMap<>(browser.handshakeHeaders());
		headers.put("Origin", origin);
		return headers;
	}

}
