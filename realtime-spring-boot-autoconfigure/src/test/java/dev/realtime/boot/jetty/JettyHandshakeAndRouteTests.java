package dev.realtime.boot.jetty;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.registry.LifecycleTests;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Jetty, what {@code HandshakeTests}, {@code LifecycleTests}, {@code CallRouteTests} and
 * {@code InboundMessagesTests} check on Tomcat: the handshake's refusals, the root path taking
 * only upgrades, resume after a close, async routes, and the size limit counted in UTF-8 bytes.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "realtime.resume-window=30s")
@Tag("jetty")
class JettyHandshakeAndRouteTests {

	@LocalServerPort
	int port;

	@Autowired
	LiveConnections connections;

	@Test
	void plainGetOfTheEndpointPathStillReachesTheApplication() {
		HttpResponse<String> response = new TestAppBrowser(this.port)
			.get("/?socket_connection_id=" + SocketSecrets.newSecret());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("home of the application");
	}

	@Test
	void refusalsComeBeforeTheUpgradeWithTheirStatus() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		assertThat(RealtimeTestSocket.refusalStatus(URI.create("ws://localhost:" + this.port + "/"),
				browser.handshakeHeaders()))
			.as("missing id")
			.isEqualTo(400);
		Map<String, String> foreign = new HashMap<>(browser.handshakeHeaders());
		foreign.put("Origin", "https://evil.example.com");
		assertThat(RealtimeTestSocket.refusalStatus(browser.socketUri(id), foreign)).as("foreign origin").isEqualTo(403);
		assertThat(RealtimeTestSocket.refusalStatus(browser.socketUri(id), Map.of())).as("no session").isEqualTo(403);
		try (RealtimeTestSocket first = browser.connect(id)) {
			assertThat(browser.refusalStatus(id)).as("id held by a live socket").isEqualTo(403);
			assertThat(first.request("{\"id\":7,\"action\":\"ping\"}", "7").get("status").asInt()).isEqualTo(200);
		}
	}

	@Test
	void socketThatReconnectsWithinTheResumeWindowGetsItsSubscriptionsBack() {
		LifecycleTests.assertResumesWithItsSubscriptions(new TestAppBrowser(this.port), this.connections);
	}

	@Test
	void asyncRoutesReplyWhenTheyComplete() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(socket.call("get", "/route/deferred").body()).isEqualTo("deferred done");
			assertThat(socket.call("get", "/route/callable").body()).isEqualTo("callable done");
			assertThat(socket.call("get", "/route/future").body()).isEqualTo("future done");
		}
	}

	@Test
	void sizeLimitCountsTheMessagesBytesNotItsCharacters() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("room")) {
			// 33,000 characters, 66,000 bytes of UTF-8: over the default limit of 64 KB.
			socket.send("{\"id\":1,\"action\":\"ping\",\"pad\":\"" + "\u00e9".repeat(33_000) + "\"}");
			assertThat(socket.awaitClose()).isEqualTo(1009);
		}
	}

}
