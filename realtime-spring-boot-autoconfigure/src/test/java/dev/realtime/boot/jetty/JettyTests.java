package dev.realtime.boot.jetty;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.SendBatchingTests;
import dev.realtime.boot.connection.SlowConsumerTests;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.test.RouteReply;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;
import dev.realtime.boot.web.SessionRecordingHandlerConfiguration;
import dev.realtime.boot.web.SessionRecordingHandlerConfiguration.RecordingHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter on Jetty: Boot's own auto-configuration of Jetty and its WebSocket support, as an
 * application that swaps {@code spring-boot-starter-tomcat} for {@code spring-boot-starter-jetty}
 * gets (these tests run in a surefire execution of their own, without Tomcat on the classpath).
 */
@SpringBootTest(
		classes = { RealtimeTestApplication.class, SessionRecordingHandlerConfiguration.class,
				JettyTests.UpgradeRequestRecording.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.send.buffer-size-limit=1GB", "realtime.send.time-limit=1s" })
@ExtendWith(OutputCaptureExtension.class)
@Tag("jetty")
class JettyTests {

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	RealtimePublisher publisher;

	@Autowired
	LiveConnections connections;

	@Autowired
	RecordingHandler handler;

	@Autowired
	UpgradeRequestRecording upgradeRequests;

	@Test
	void serverIsJetty() {
		assertThat(this.context.getWebServer()).isInstanceOf(JettyWebServer.class);
	}

	@Test
	void browserWithIssuedIdAndItsSessionIsAccepted() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			assertThat(socket.request("{\"id\":\"1\",\"action\":\"ping\"}", "1").get("body").asString())
				.isEqualTo("pong");
		}
	}

	@Test
	void idThatWasNeverIssuedIsRefusedWith403AndMalformedIdWith400() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		browser.renderPage("/page");
		assertThat(browser.refusalStatus(SocketSecrets.newSecret())).isEqualTo(403);
		assertThat(browser.refusalStatus("not-an-id")).isEqualTo(400);
	}

	@Test
	void pushReachesEverySubscribedSocket() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket first = browser.openPage("news"); RealtimeTestSocket second = browser.openPage("news")) {
			browser.push("{\"headline\":\"on jetty\"}", "news");
			for (RealtimeTestSocket socket : new RealtimeTestSocket[] { first, second }) {
				assertThat(socket.next().toString())
					.isEqualTo("{\"channel\":\"news\",\"payload\":{\"headline\":\"on jetty\"}}");
			}
		}
	}

	@Test
	void burstOfPushesArrivesWholeAndInOrderOnEverySocket() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket first = browser.openPage("burst"); RealtimeTestSocket second = browser.openPage("burst")) {
			// Pushed faster than written, so that frames queue up and go out in bursts; a
			// multi-byte character checks that frames written from their bytes keep their text.
			for (int seq = 0; seq < 2000; seq++) {
				this.publisher.push(Map.of("seq", seq, "text", "caf\u00e9 \u2603"), "burst");
			}
			for (RealtimeTestSocket socket : new RealtimeTestSocket[] { first, second }) {
				List<JsonNode> frames = socket.next(2000);
				for (int seq = 0; seq < 2000; seq++) {
					assertThat(frames.get(seq).get("payload").get("seq").asInt()).isEqualTo(seq);
					assertThat(frames.get(seq).get("payload").get("text").asString()).isEqualTo("caf\u00e9 \u2603");
				}
			}
		}
	}

	@Test
	void framesQueuedForASocketGoOutInBurstsThroughJettysBatchedFrames() {
		SendBatchingTests.assertSocketWritesInBursts(new TestAppBrowser(this.port), this.handler, this.connections);
	}

	@Test
	void messageOf60KilobytesIsAnswered() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=room");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			// Jetty counts the limit over the whole message, in UTF-8 bytes: three times the
			// characters the handler counts, so that the handler decides.
			assertThat(this.handler.session(id).getTextMessageSizeLimit()).isEqualTo(3 * 64 * 1024);
			String pad = "x".repeat(60 * 1024);
			JsonNode reply = socket.request("{\"id\":\"big\",\"action\":\"ping\",\"pad\":\"" + pad + "\"}", "big");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
			assertThat(socket.isClosed()).isFalse();
		}
	}

	@Test
	void messageOverTheSizeLimitClosesWith1009AndSparesOtherSockets() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("room"); RealtimeTestSocket other = browser.openPage("room")) {
			socket.send("{\"id\":1,\"action\":\"ping\",\"pad\":\"" + "x".repeat(65 * 1024) + "\"}");
			assertThat(socket.awaitClose()).isEqualTo(1009);
			browser.push("{\"after\":true}", "room");
			assertThat(other.next().toString()).isEqualTo("{\"channel\":\"room\",\"payload\":{\"after\":true}}");
			assertThat(other.request("{\"id\":\"p\",\"action\":\"ping\"}", "p").get("body").asString()).isEqualTo("pong");
		}
	}

	@Test
	void binaryFrameGetsAnErrorReply415() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("room")) {
			socket.sendBinary(new byte[] { 1, 2, 3 });
			JsonNode error = socket.next();
			assertThat(error.get("status").asInt()).isEqualTo(415);
			assertThat(error.get("error").asString()).contains("binary");
			assertThat(socket.request("{\"id\":\"p\",\"action\":\"ping\"}", "p").get("body").asString()).isEqualTo("pong");
		}
	}

	@Test
	void stalledClientIsClosedByTheTimeLimitWhileOthersReceiveEverything(CapturedOutput output) {
		// Well before Jetty's idle timeout (30 s), which alone would end the blocked write.
		SlowConsumerTests.assertStalledClientIsClosedWhileOthersReceiveEverything(new TestAppBrowser(this.port),
				this.publisher, this.connections, Duration.ofSeconds(10));
		assertThat(output).contains("(1013): send time limit of 1000 ms exceeded");
	}

	@Test
	void routeCalledOverTheSocketRunsThroughTheFiltersWithTheHandshakesSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			RouteReply reply = socket.call("post", "/route/echo?page=2", Map.of("content", "hi there"));
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.header("X-Filter")).isEqualTo("first, second");
			JsonNode echo = reply.json();
			assertThat(echo.get("method").asString()).isEqualTo("POST");
			assertThat(echo.get("parameters").toString()).isEqualTo("{\"page\":[\"2\"],\"content\":[\"hi there\"]}");
			assertThat(echo.get("session").isNull()).isFalse();
		}
	}

	@Test
	void upgradeRequestKeepsNoneOfTheApplicationsAttributesOnceTheSocketIsOpen() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			assertThat(socket.request("{\"id\":\"1\",\"action\":\"ping\"}", "1").get("body").asString())
				.isEqualTo("pong");
			// Jetty keeps the upgrade's request for as long as the socket is open: the flash map,
			// handler mapping and async manager that Spring left on it would stay with it.
			await().atMost(Duration.ofSeconds(5)).until(() -> this.upgradeRequests.attributeNames(id) != null);
			assertThat(this.upgradeRequests.attributeNames(id)).noneMatch((name) -> name.startsWith("org.springframework"))
				.noneMatch((name) -> name.startsWith("dev.realtime"));
			assertThat(socket.request("{\"id\":\"2\",\"action\":\"ping\"}", "2").get("body").asString())
				.isEqualTo("pong");
		}
	}

	// What is left on each upgrade request when the container is done with it.
	@TestConfiguration(proxyBeanMethods = false)
	static class UpgradeRequestRecording implements ServletRequestListener {

		private final Map<String, List<String>> attributeNames = new ConcurrentHashMap<>();

		@Override
		public void requestDestroyed(ServletRequestEvent event) {
			HttpServletRequest request = (HttpServletRequest) event.getServletRequest();
			String query = request.getQueryString();
			if (query != null && query.startsWith("socket_connection_id=")) {
				this.attributeNames.put(query.substring("socket_connection_id=".length()),
						Collections.list(request.getAttributeNames()));
			}
		}

		List<String> attributeNames(String connectionId) {
			return this.attributeNames.get(connectionId);
		}

		@Bean
		ServletListenerRegistrationBean<UpgradeRequestRecording> upgradeRequestRecordingRegistration() {
			return new ServletListenerRegistrationBean<>(this);
		}

	}

}
