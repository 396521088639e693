package dev.realtime.boot.handshake;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.support.UnsupportedVersionUpgrade;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake as SPEC §2: every refusal is an HTTP status before the upgrade.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class HandshakeTests {

	@LocalServerPort
	int port;

	@Test
	void browserWithIssuedIdAndItsSessionIsAccepted() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			assertThat(socket.request("{\"id\":\"1\",\"action\":\"ping\"}", "1").get("body").asString())
				.isEqualTo("pong");
		}
	}

	@Test
	void plainGetOfTheEndpointPathStillReachesTheApplication() {
		HttpResponse<String> response = new TestAppBrowser(this.port).get("/?socket_connection_id=" + SocketSecrets.newSecret());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("home of the application");
	}

	@Test
	void missingConnectionIdIsRefusedWith400() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		browser.renderPage("/page");
		assertThat(RealtimeTestSocket.refusalStatus(URI.create("ws://localhost:" + this.port + "/"), browser.handshakeHeaders()))
			.isEqualTo(400);
	}

	@Test
	void malformedConnectionIdIsRefusedWith400() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		assertThat(browser.refusalStatus("not-an-id")).isEqualTo(400);
		assertThat(browser.refusalStatus(id.toUpperCase())).isEqualTo(400);
		assertThat(browser.refusalStatus(id.substring(1))).isEqualTo(400);
	}

	@Test
	void idThatWasNeverIssuedIsRefusedWith403() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		browser.renderPage("/page");
		assertThat(browser.refusalStatus(SocketSecrets.newSecret())).isEqualTo(403);
	}

	@Test
	void idIssuedToAnotherSessionIsRefusedWith403() {
		TestAppBrowser owner = new TestAppBrowser(this.port);
		String id = owner.renderPage("/page");
		TestAppBrowser thief = new TestAppBrowser(this.port);
		thief.renderPage("/page");
		assertThat(thief.refusalStatus(id)).isEqualTo(403);
		try (RealtimeTestSocket socket = owner.connect(id)) {
			assertThat(socket.isClosed()).isFalse();
		}
	}

	@Test
	void browserWithoutSessionIsRefusedWith403() {
		String id = new TestAppBrowser(this.port).renderPage("/page");
		assertThat(RealtimeTestSocket.refusalStatus(URI.create("ws://localhost:" + this.port + "/?socket_connection_id=" + id),
				Map.of())).isEqualTo(403);
	}

	@Test
	void idHeldByALiveSocketIsRefusedWith403() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		try (RealtimeTestSocket first = browser.connect(id)) {
			assertThat(browser.refusalStatus(id)).isEqualTo(403);
			assertThat(first.request("{\"id\":7,\"action\":\"ping\"}", "7").get("status").asInt()).isEqualTo(200);
		}
	}

	@Test
	void foreignOriginIsRefusedWith403() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		Map<String, String> headers = new java.util.HashMap<>(browser.handshakeHeaders());
		headers.put("Origin", "https://evil.example.com");
		assertThat(RealtimeTestSocket.refusalStatus(browser.socketUri(id), headers)).isEqualTo(403);
		try (RealtimeTestSocket socket = browser.connect(id)) {
			assertThat(socket.isClosed()).isFalse();
		}
	}

	@Test
	void nonBrowserClientConnectsWithItsKeyAsQueryParameter() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		IssuedConnection issued = client.issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		assertThat(SocketSecrets.isWellFormed(id)).isTrue();
		assertThat(SocketSecrets.isWellFormed(key)).isTrue();
		URI uri = URI.create(client.socketUri(id) + "&socket_key=" + key);
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(uri, Map.of())) {
			assertThat(socket.request("{\"id\":\"a\",\"action\":\"ping\"}", "a").get("body").asString()).isEqualTo("pong");
		}
	}

	@Test
	void queryParametersAreReadWhateverTheirOrderAndEscapes() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		IssuedConnection issued = client.issueConnection();
		String id = issued.connectionId();
		// Escaped as a client library may escape it, after parameters whose names merely contain
		// the real ones.
		String escapedKey = "%" + Integer.toHexString(issued.socketKey().charAt(0)) + issued.socketKey().substring(1);
		URI uri = URI.create("ws://localhost:" + this.port + "/?x_socket_key=1&xsocket_connection_id=2&socket_key="
				+ escapedKey + "&flag&socket_connection_id=" + id);
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(uri, Map.of())) {
			assertThat(socket.request("{\"id\":\"a\",\"action\":\"ping\"}", "a").get("body").asString()).isEqualTo("pong");
		}
	}

	@Test
	void nonBrowserClientConnectsWithItsKeyAsHeader() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		IssuedConnection issued = client.issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(client.socketUri(id), Map.of("X-Socket-Key", key))) {
			assertThat(socket.request("{\"id\":\"a\",\"action\":\"ping\"}", "a").get("body").asString()).isEqualTo("pong");
		}
	}

	@Test
	void upgradeThatTheContainerRefusesLeavesTheIdFreeForTheNextAttempt() throws Exception {
		TestAppBrowser client = new TestAppBrowser(this.port);
		IssuedConnection issued = client.issueConnection();
		// The realtime check passes, then Spring's handshake handler refuses the WebSocket
		// version with 426, without an exception.
		assertThat(UnsupportedVersionUpgrade.statusLine(this.port, issued)).startsWith("HTTP/1.1 426");
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(client.socketUri(issued.connectionId()),
				Map.of("X-Socket-Key", issued.socketKey()))) {
			assertThat(socket.request("{\"id\":\"a\",\"action\":\"ping\"}", "a").get("body").asString()).isEqualTo("pong");
		}
	}

	@Test
	void connectionIdGivenTwiceWithDifferentValuesIsRefusedWith400AndStaysFree() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		String other = browser.renderPage("/page");
		assertThat(RealtimeTestSocket.refusalStatus(URI.create(browser.socketUri(id) + "&socket_connection_id=" + other),
				browser.handshakeHeaders())).isEqualTo(400);
		assertThat(RealtimeTestSocket.refusalStatus(
				URI.create(browser.socketUri(id) + "&socket_connection_id=" + SocketSecrets.newSecret()),
				browser.handshakeHeaders())).isEqualTo(400);
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(
				URI.create(browser.socketUri(id) + "&socket_connection_id=" + id), browser.handshakeHeaders())) {
			assertThat(socket.request("{\"id\":\"a\",\"action\":\"ping\"}", "a").get("body").asString()).isEqualTo("pong");
		}
		try (RealtimeTestSocket socket = browser.connect(other)) {
			assertThat(socket.isClosed()).isFalse();
		}
	}

	@Test
	void socketKeysThatDisagreeAreRefusedWith400() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		IssuedConnection issued = client.issueConnection();
		String otherKey = SocketSecrets.newSecret();
		assertThat(RealtimeTestSocket.refusalStatus(client.socketUri(issued), Map.of("X-Socket-Key", otherKey)))
			.as("the key as header and another as query parameter")
			.isEqualTo(400);
		assertThat(RealtimeTestSocket.refusalStatus(URI.create(client.socketUri(issued.connectionId()) + "&socket_key="
				+ otherKey), Map.of("X-Socket-Key", issued.socketKey())))
			.as("the key as query parameter and another as header")
			.isEqualTo(400);
		assertThat(RealtimeTestSocket.refusalStatus(URI.create(client.socketUri(issued) + "&socket_key=" + otherKey),
				Map.of()))
			.as("the key and another, both as query parameters")
			.isEqualTo(400);
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(client.socketUri(issued),
				Map.of("X-Socket-Key", issued.socketKey()))) {
			assertThat(socket.request("{\"id\":\"a\",\"action\":\"ping\"}", "a").get("body").asString()).isEqualTo("pong");
		}
	}

	@Test
	void nonBrowserClientWithAnotherKeyIsRefusedWith403() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		String id = client.issueConnection().connectionId();
		assertThat(RealtimeTestSocket.refusalStatus(client.socketUri(id), Map.of("X-Socket-Key", SocketSecrets.newSecret())))
			.isEqualTo(403);
	}

	@Test
	void malformedSocketKeyIsRefusedWith400() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		String id = client.issueConnection().connectionId();
		assertThat(RealtimeTestSocket.refusalStatus(client.socketUri(id), Map.of("X-Socket-Key", "short"))).isEqualTo(400);
	}

	@Test
	void connectionEndpointMintsAFreshIdAndKeyEachCall() {
		TestAppBrowser client = new TestAppBrowser(this.port);
		IssuedConnection first = client.issueConnection();
		IssuedConnection second = client.issueConnection();
		assertThat(first.connectionId()).isNotEqualTo(second.connectionId());
		assertThat(first.socketKey()).isNotEqualTo(second.socketKey());
		HttpResponse<String> response = client.post("/realtime/connection", "application/json", "");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void everyRenderedPageGetsItsOwnConnectionId() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String first = browser.renderPage("/page");
		String second = browser.renderPage("/page");
		assertThat(first).isNotEqualTo(second);
		try (RealtimeTestSocket a = browser.connect(first); RealtimeTestSocket b = browser.connect(second)) {
			assertThat(a.request("{\"id\":1,\"action\":\"ping\"}", "1").get("status").asInt()).isEqualTo(200);
			assertThat(b.request("{\"id\":1,\"action\":\"ping\"}", "1").get("status").asInt()).isEqualTo(200);
		}
	}

}
