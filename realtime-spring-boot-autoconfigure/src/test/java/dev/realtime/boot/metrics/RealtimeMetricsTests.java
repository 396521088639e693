package dev.realtime.boot.metrics;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.support.UnsupportedVersionUpgrade;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The realtime.* meters follow what happens on a running server. The context is shared with
 * other tests, so each test compares counts before and after.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RealtimeMetricsTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	RealtimePublisher publisher;

	@Test
	void everyHandshakeOutcomeIsCountedUnderItsOwnTag() {
		Map<String, Double> before = handshakes();
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			assertThat(browser.refusalStatus(id)).isEqualTo(403);
		}
		assertThat(RealtimeTestSocket.refusalStatus(URI.create("ws://localhost:" + this.port + "/"),
				browser.handshakeHeaders())).isEqualTo(400);
		assertThat(browser.refusalStatus("not-an-id")).isEqualTo(400);
		assertThat(browser.refusalStatus(SocketSecrets.newSecret())).isEqualTo(403);
		String issuedId = browser.issueConnection().connectionId();
		assertThat(RealtimeTestSocket.refusalStatus(browser.socketUri(issuedId), Map.of("X-Socket-Key", "short")))
			.isEqualTo(400);
		TestAppBrowser stranger = new TestAppBrowser(this.port);
		assertThat(stranger.refusalStatus(SocketSecrets.newSecret())).isEqualTo(403);
		Map<String, String> foreign = new HashMap<>(browser.handshakeHeaders());
		foreign.put("Origin", "https://evil.example.com");
		String other = browser.renderPage("/page");
		assertThat(RealtimeTestSocket.refusalStatus(browser.socketUri(other), foreign)).isEqualTo(403);

		Map<String, Double> after = handshakes();
		assertThat(increase(before, after)).containsEntry("accepted", 1.0)
			.containsEntry("held", 1.0)
			.containsEntry("missing-id", 1.0)
			.containsEntry("malformed-id", 1.0)
			.containsEntry("unknown-id", 1.0)
			.containsEntry("malformed-key", 1.0)
			.containsEntry("no-key", 1.0)
			.containsEntry("origin", 1.0)
			.containsEntry("resumed", 0.0);
	}

	@Test
	void upgradeThatTheContainerRefusesAfterTheIdWasAcceptedIsNotCountedAsAccepted() throws Exception {
		Map<String, Double> before = handshakes();
		TestAppBrowser browser = new TestAppBrowser(this.port);
		IssuedConnection issued = browser.issueConnection();
		// The realtime check passes, then Spring's handshake handler refuses the WebSocket
		// version with 426: no socket was opened.
		assertThat(UnsupportedVersionUpgrade.statusLine(this.port, issued)).startsWith("HTTP/1.1 426");
		Map<String, Double> after = handshakes();
		assertThat(increase(before, after)).containsEntry("upgrade-failed", 1.0)
			.doesNotContainEntry("accepted", 1.0)
			.doesNotContainEntry("resumed", 1.0);
	}

	@Test
	void aSocketThatReconnectsWithinItsResumeWindowIsCountedAsResumed() {
		double before = handshakeCount("resumed");
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		browser.connect(id).closeGracefully();
		// The server releases the id once it has seen the close.
		Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			browser.connect(id).close();
			return true;
		});
		assertThat(handshakeCount("resumed")).isEqualTo(before + 1);
	}

	@Test
	void gaugesFollowTheOpenSocketsTheirChannelsAndSubscriptions() {
		double[] before = settledGauges("realtime.connections", "realtime.channels", "realtime.subscriptions");
		double connections = before[0];
		double channels = before[1];
		double subscriptions = before[2];
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket a = browser.openPage("gauge-a", "gauge-b");
				RealtimeTestSocket b = browser.openPage("gauge-a")) {
			assertThat(gauge("realtime.connections")).isEqualTo(connections + 2);
			assertThat(gauge("realtime.channels")).isEqualTo(channels + 2);
			assertThat(gauge("realtime.subscriptions")).isEqualTo(subscriptions + 3);
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(gauge("realtime.connections")).isEqualTo(connections);
			assertThat(gauge("realtime.channels")).isEqualTo(channels);
			assertThat(gauge("realtime.subscriptions")).isEqualTo(subscriptions);
		});
	}

	@Test
	void pushesAndTheFramesTheyQueueAreCounted() {
		double pushes = counter("realtime.pushes");
		double frames = counter("realtime.frames.delivered");
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket a = browser.openPage("counted", "counted-too");
				RealtimeTestSocket b = browser.openPage("counted")) {
			this.publisher.push(Map.of("n", 1), "counted");
			this.publisher.push(Map.of("n", 2), "counted", "counted-too");
			this.publisher.push(Map.of("n", 3), "nobody-listens");
			a.awaitPush().onChannel("counted-too").withPayloadAt("/n", 2);
			b.awaitPush().onChannel("counted").withPayloadAt("/n", 2);
		}
		assertThat(counter("realtime.pushes")).isEqualTo(pushes + 3);
		assertThat(counter("realtime.frames.delivered")).isEqualTo(frames + 5);
	}

	@Test
	void pushWhosePayloadCannotBeWrittenIsNotCounted() {
		double pushes = counter("realtime.pushes");
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> this.publisher.push(new Unwritable(), "metrics-unwritable"));
		assertThat(counter("realtime.pushes")).isEqualTo(pushes);
	}

	@Test
	void clientMessagesAreCountedByRegisteredActionAndOutcome() {
		double pings = inbound("ping", "SUCCESS");
		double unknown = inbound("unknown", "CLIENT_ERROR");
		double failures = inbound("fail", "SERVER_ERROR");
		double leaveErrors = inbound("leave", "CLIENT_ERROR");
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			socket.ping();
			assertThat(socket.request("{\"id\":\"x\",\"action\":\"no-such-action-42\"}", "x").get("status").asInt())
				.isEqualTo(404);
			assertThat(socket.request("{\"id\":\"y\"}", "y").get("status").asInt()).isEqualTo(400);
			socket.send("{not json");
			assertThat(socket.next().get("status").asInt()).isEqualTo(400);
			assertThat(socket.request("{\"id\":\"f\",\"action\":\"fail\"}", "f").get("status").asInt()).isEqualTo(500);
			assertThat(socket.request("{\"id\":\"l\",\"action\":\"leave\"}", "l").get("status").asInt()).isEqualTo(422);
		}
		// awaitBound's ping and the test's own.
		assertThat(inbound("ping", "SUCCESS")).isEqualTo(pings + 2);
		assertThat(inbound("unknown", "CLIENT_ERROR")).isEqualTo(unknown + 3);
		assertThat(inbound("fail", "SERVER_ERROR")).isEqualTo(failures + 1);
		assertThat(inbound("leave", "CLIENT_ERROR")).isEqualTo(leaveErrors + 1);
		assertThat(this.registry.find("realtime.inbound").tag("action", "no-such-action-42").counters()).isEmpty();
	}

	@Test
	void routeCallsAreTimedByTheStatusOfTheirResponse() {
		long ok = routeCalls("200");
		long noContent = routeCalls("204");
		double callRouteReplies = inbound("call-route", "SUCCESS");
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(socket.call("GET", "/route/echo").status()).isEqualTo(200);
			assertThat(socket.call("POST", "/route/join", Map.of("channel", "timed")).status()).isEqualTo(204);
		}
		assertThat(routeCalls("200")).isEqualTo(ok + 1);
		assertThat(this.registry.get("realtime.call-route").tag("status", "204").tag("outcome", "SUCCESS").timer().count())
			.isEqualTo(noContent + 1);
		assertThat(inbound("call-route", "SUCCESS")).isEqualTo(callRouteReplies + 2);
	}

	@Test
	void routeCallsRefusedBeforeTheirRouteRunsAreTimedByTheStatusOfTheirErrorReply() {
		long badRequest = routeCalls("400");
		long forbidden = routeCalls("403");
		long notAllowed = routeCalls("405");
		long unsupported = routeCalls("415");
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(errorStatus(socket, "u", "{\"id\":\"u\",\"action\":\"call-route\",\"uri\":\"no-slash\"}"))
				.isEqualTo(400);
			assertThat(errorStatus(socket, "o", "{\"id\":\"o\",\"action\":\"call-route\",\"uri\":\"/route/echo\","
					+ "\"input\":{\"socket_connection_id\":\"" + SocketSecrets.newSecret() + "\"}}"))
				.isEqualTo(403);
			assertThat(errorStatus(socket, "t", "{\"id\":\"t\",\"action\":\"call-route\",\"method\":\"trace\","
					+ "\"uri\":\"/route/echo\"}"))
				.isEqualTo(405);
			assertThat(errorStatus(socket, "m", "{\"id\":\"m\",\"action\":\"call-route\",\"method\":\"post\","
					+ "\"uri\":\"/route/echo\",\"headers\":{\"Content-Type\":\"multipart/form-data; boundary=x\"},"
					+ "\"body\":\"\"}"))
				.isEqualTo(415);
		}
		assertThat(routeCalls("400")).isEqualTo(badRequest + 1);
		assertThat(routeCalls("403")).isEqualTo(forbidden + 1);
		assertThat(routeCalls("405")).isEqualTo(notAllowed + 1);
		assertThat(this.registry.get("realtime.call-route").tag("status", "415").tag("outcome", "CLIENT_ERROR")
			.timer().count()).isEqualTo(unsupported + 1);
	}

	// The status of the reply to a message that must get an error reply.
	private static int errorStatus(RealtimeTestSocket socket, String id, String message) {
		JsonNode reply = socket.request(message, id);
		assertThat(reply.has("error")).as("error reply to %s: %s", message, reply).isTrue();
		return reply.get("status").asInt();
	}

	private long routeCalls(String status) {
		Timer timer = Search.in(this.registry).name("realtime.call-route").tag("status", status).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private Map<String, Double> handshakes() {
		Map<String, Double> counts = new HashMap<>();
		for (Counter counter : this.registry.find("realtime.handshakes").counters()) {
			counts.put(counter.getId().getTag("outcome"), counter.count());
		}
		return counts;
	}

	private static Map<String, Double> increase(Map<String, Double> before, Map<String, Double> after) {
		Map<String, Double> increase = new HashMap<>();
		after.forEach((outcome, count) -> increase.put(outcome, count - before.getOrDefault(outcome, 0.0)));
		return increase;
	}

	private double handshakeCount(String outcome) {
		return this.registry.get("realtime.handshakes").tag("outcome", outcome).counter().count();
	}

	// A socket of an earlier test may still be closing on the server (it once closed between
	// the count before and the count after): count from a moment when the gauges hold still.
	private double[] settledGauges(String... names) {
		double[][] last = { gauges(names) };
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ofMillis(200))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				double[] now = gauges(names);
				boolean still = Arrays.equals(now, last[0]);
				last[0] = now;
				return still;
			});
		return last[0];
	}

	private double[] gauges(String... names) {
		double[] values = new double[names.length];
		for (int i = 0; i < names.length; i++) {
			values[i] = gauge(names[i]);
		}
		return values;
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double counter(String name) {
		return this.registry.get(name).counter().count();
	}

	private double inbound(String action, String outcome) {
		Counter counter = Search.in(this.registry)
			.name("realtime.inbound")
			.tag("action", action)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	// A payload Jackson cannot write: its only property fails.
	static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("cannot be written");
		}

	}

}
