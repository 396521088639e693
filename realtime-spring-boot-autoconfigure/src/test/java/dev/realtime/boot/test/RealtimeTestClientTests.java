package dev.realtime.boot.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link RealtimeTestClient} and {@link RealtimeTestSocket} against a real server: what an
 * application's tests rely on, including the failure messages they read.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RealtimeTestClientTests {

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Autowired
	RealtimePublisher publisher;

	@Test
	void rendersAPageAndConnectsItsSocketWithTheSessionOfThatPage() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		try (RealtimeTestSocket socket = client.openSocket("/page?channel=client-news")) {
			this.publisher.push(Map.of("title", "hello"), "client-news");
			AwaitedPush push = socket.awaitPush().onChannel("client-news").withPayload("{\"title\":\"hello\"}");
			assertThat(push.channel()).isEqualTo("client-news");
			assertThat(push.payload().get("title").asString()).isEqualTo("hello");
		}
	}

	@Test
	void aClientFromTheEnvironmentUsesTheServersPort() {
		RealtimeTestClient client = RealtimeTestClient.from(this.environment);
		try (RealtimeTestSocket socket = client.openSocket("/page")) {
			socket.ping();
		}
	}

	@Test
	void aClientWithoutABrowserConnectsWithTheKeyItWasIssued() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		IssuedConnection issued = client.issueConnection();
		assertThat(SocketSecrets.isWellFormed(issued.connectionId())).isTrue();
		assertThat(issued.toString()).doesNotContain(issued.socketKey());
		try (RealtimeTestSocket socket = client.connect(issued)) {
			socket.ping();
		}
		try (RealtimeTestSocket socket = client.connectWithoutBrowser()) {
			socket.ping();
		}
	}

	@Test
	void callsARouteOverTheSocketAndReadsItsReply() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		try (RealtimeTestSocket socket = client.openSocket("/page")) {
			RouteReply echo = socket.call("POST", "/route/echo?q=1", Map.of("name", "ada"));
			assertThat(echo.status()).isEqualTo(200);
			assertThat(echo.header("content-type")).startsWith("application/json");
			assertThat(echo.json().get("method").asString()).isEqualTo("POST");
			assertThat(echo.json().get("parameters").get("name").get(0).asString()).isEqualTo("ada");
			assertThat(echo.error()).isNull();

			RouteReply joined = socket.call("POST", "/route/join", Map.of("channel", "joined-by-call"));
			assertThat(joined.status()).isEqualTo(204);
			assertThat(joined.header("X-Joined")).isEqualTo("joined-by-call");
			this.publisher.push(Map.of("welcome", true), "joined-by-call");
			socket.awaitPush().onChannel("joined-by-call").withPayload("{\"welcome\":true}");

			RouteReply refused = socket.call("GET", "");
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.error()).isNotBlank();
		}
	}

	@Test
	void anAwaitedPushSkipsPushesThatDoNotMatchAndLeavesThemForLaterWaits() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		try (RealtimeTestSocket socket = client.openSocket("/page?channel=first&channel=second")) {
			this.publisher.push(Map.of("n", 1), "first");
			this.publisher.push(Map.of("n", 2), "second");
			this.publisher.push(Map.of("n", 3), "first");
			assertThat(socket.awaitPush().onChannel("second").payload().get("n").asInt()).isEqualTo(2);
			assertThat(socket.awaitPush().onChannel("first").withPayloadAt("/n", 3).payload().get("n").asInt())
				.isEqualTo(3);
			assertThat(socket.awaitPush().payload().get("n").asInt()).isEqualTo(1);
		}
	}

	@Test
	void payloadsMatchAsJsonWhateverTheOrderOfTheirMembers() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		try (RealtimeTestSocket socket = client.openSocket("/page?channel=json")) {
			this.publisher.push(Map.of("a", 1, "b", Map.of("c", true)), "json");
			this.publisher.push("just text", "json");
			socket.awaitPush().withPayload("{\"b\":{\"c\":true},\"a\":1}");
			socket.awaitPush().onChannel("json").withPayload("\"just text\"");
		}
	}

	@Test
	void payloadsMatchByPartOrByCondition() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		try (RealtimeTestSocket socket = client.openSocket("/page?channel=parts")) {
			this.publisher.push(Map.of("items", java.util.List.of(Map.of("id", 7)), "total", 12), "parts");
			socket.awaitPush()
				.withPayloadAt("/items/0/id", 7)
				.withPayloadMatching("has a total over 10", (payload) -> payload.get("total").asInt() > 10);
		}
	}

	@Test
	void aWaitThatRunsOutSaysWhatItWaitedForAndListsTheFramesThatArrived() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port).withTimeout(Duration.ofMillis(300));
		try (RealtimeTestSocket socket = client.openSocket("/page?channel=late")) {
			this.publisher.push(Map.of("n", 1), "late");
			socket.awaitPush().onChannel("late");
			this.publisher.push(Map.of("n", 2), "late");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> socket.awaitPush().onChannel("late").withPayloadAt("/n", 3))
				.withMessageContaining("Expected a push on channel 'late' with 3 at /n of its payload within 300 ms")
				.withMessageContaining("1 other frame arrived:\n  {\"channel\":\"late\",\"payload\":{\"n\":2}}")
				.withMessageContaining("earlier taken by other waits");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> socket.awaitPush().onChannel("elsewhere"))
				.withMessageContaining("a push on channel 'elsewhere'");
		}
	}

	@Test
	void aPushThatOneThreadsWaitGivesBackReachesAnotherThreadWaitingForIt() throws Exception {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port).withTimeout(Duration.ofSeconds(3));
		try (RealtimeTestSocket socket = client.openSocket("/page?channel=mine&channel=theirs")) {
			this.publisher.push(Map.of("for", "them"), "theirs");
			// The first step of this wait takes the only push, whatever its channel.
			AwaitedPush mine = socket.awaitPush();
			AtomicReference<Object> theirs = new AtomicReference<>();
			Thread other = new Thread(() -> {
				try {
					theirs.set(socket.awaitPush().onChannel("theirs"));
				}
				catch (Throwable ex) {
					theirs.set(ex);
				}
			});
			other.start();
			Awaitility.await().until(() -> other.getState() == Thread.State.TIMED_WAITING);
			// Narrowing to another channel gives the push back: the other thread's wait takes it.
			CompletableFuture<AwaitedPush> narrowed = CompletableFuture.supplyAsync(() -> mine.onChannel("mine"));
			other.join(1500);
			assertThat(theirs.get()).as("the other thread's wait, 1.5 s after the push was given back")
				.isInstanceOfSatisfying(AwaitedPush.class, (push) -> assertThat(push.channel()).isEqualTo("theirs"));
			this.publisher.push(Map.of("for", "me"), "mine");
			assertThat(narrowed.get(3, TimeUnit.SECONDS).payload().get("for").asString()).isEqualTo("me");
		}
	}

	@Test
	void aCallOnASocketTheServerClosedSaysItWasClosedAndWithWhichCode() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		try (RealtimeTestSocket socket = client.openSocket("/page")) {
			client.post("/logout", "text/plain", "");
			assertThat(socket.awaitClose()).isEqualTo(1008);
			assertThatIllegalStateException().isThrownBy(() -> socket.call("GET", "/route/echo"))
				.withMessageContaining("the server closed the socket with 1008");
		}
	}

	@Test
	void aRefusedConnectionFailsWithItsStatus() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		client.renderPage("/page");
		assertThatExceptionOfType(HandshakeRefusedException.class)
			.isThrownBy(() -> client.connect(SocketSecrets.newSecret()))
			.withMessageContaining("refused with 403")
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(403));
		assertThat(client.refusalStatus("not-an-id")).isEqualTo(400);
	}

	@Test
	void aPageWithoutAConnectionIdFailsWithThePage() {
		RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.renderPage("/"))
			.withMessageContaining("No data-socket-connection-id on <body>")
			.withMessageContaining("home of the application");
	}

}
