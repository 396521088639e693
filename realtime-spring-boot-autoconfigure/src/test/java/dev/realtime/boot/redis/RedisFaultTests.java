package dev.realtime.boot.redis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real redis-server is killed in the middle of a stream of pushes and started again on the
 * same port: local delivery never stops, the gap is counted and logged, and cross-instance
 * delivery resumes by itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisFaultTests {

	private static final Pattern NOT_PROPAGATED_WARNING = Pattern.compile("WARN .*Realtime pushes not propagated");

	// A command waits at most this long for an absent Redis before it fails and is counted.
	@RegisterExtension
	static final TwoInstances instances = new TwoInstances(RealtimeTestApplication.class,
			"spring.data.redis.timeout=500ms");

	@Test
	void redisKilledInTheMiddleOfAStreamOfPushesStopsOnlyCrossInstanceDeliveryUntilItReturns(CapturedOutput output)
			throws Exception {
		RealtimeTestSocket onA = instances.a().browser().openPage("stream");
		RealtimeTestSocket onB = instances.b().browser().openPage("stream");
		RedisBackplane backplane = instances.a().backplane();
		long propagatedBefore = backplane.propagated();
		long notPropagatedBefore = backplane.notPropagated();
		long missedByBBefore = instances.b().backplane().missed();
		List<Integer> receivedOnB = new ArrayList<>();
		Stream stream = new Stream(instances.a().bean(RealtimePublisher.class));
		stream.start();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.pushed() >= 100);
			instances.redis().stop();
			Awaitility.await().atMost(Duration.ofSeconds(20))
				.until(() -> backplane.notPropagated() - notPropagatedBefore >= 20 && !backplane.isConnected());
			// Requests go on while Redis is away: a page renders, a push is accepted.
			TestAppBrowser browser = instances.a().browser();
			assertThat(browser.get("/page?channel=outage").statusCode()).isEqualTo(200);
			browser.push("{\"during\":\"outage\"}", "outage");
			int pushedWhileAway = stream.pushed();
			instances.redis().start();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
				drain(onB, receivedOnB);
				return !receivedOnB.isEmpty() && receivedOnB.get(receivedOnB.size() - 1) > pushedWhileAway;
			});
		}
		finally {
			stream.stop();
		}
		int total = stream.pushed();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backplane.pending() == 0);
		List<Integer> receivedOnA = Instance.numbers(onA.next(total));
		assertThat(receivedOnA).as("local delivery on the publishing instance").isEqualTo(Instance.range(0, total));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			drain(onB, receivedOnB);
			return !receivedOnB.isEmpty() && receivedOnB.get(receivedOnB.size() - 1) == total - 1;
		});
		assertThat(receivedOnB).as("in order, never twice").isSorted().doesNotHaveDuplicates();
		long missedOnB = total - receivedOnB.size();
		long notPropagated = backplane.notPropagated() - notPropagatedBefore;
		long propagated = backplane.propagated() - propagatedBefore;
		long missedByB = instances.b().backplane().missed() - missedByBBefore;
		System.out.println("Redis killed during a stream of " + total + " pushes from A: delivered on A "
				+ receivedOnA.size() + ", on B " + receivedOnB.size() + " (missed " + missedOnB + "); A counted "
				+ notPropagated + " not propagated and " + propagated
				+ " propagated (the stream plus one push during the outage); B counted " + missedByB + " missed");
		assertThat(missedOnB).as("pushes B missed").isPositive();
		assertThat(missedByB).as("pushes B counted as missed").isEqualTo(missedOnB);
		// Besides the stream, A pushed once to "outage" while Redis was away: it may be counted too.
		assertThat(notPropagated).as("pushes A counted as not propagated").isPositive()
			.isLessThanOrEqualTo(missedOnB + 1);
		assertThat(propagated + notPropagated).as("every push counted once by A").isEqualTo(total + 1);
		assertThat(output).contains("Realtime pushes of other instances missed by this instance");
		assertThat(backplane.isConnected()).isTrue();
		assertThat(backplane.lastFailure()).isNotNull();
		assertThat(output).contains("Redis reachable again for realtime channels");
		Matcher warnings = NOT_PROPAGATED_WARNING.matcher(output.getAll());
		int warningCount = 0;
		while (warnings.find()) {
			warningCount++;
		}
		assertThat(warningCount).as("'not propagated' warnings for %d pushes", notPropagated).isBetween(1, 3);
		// Subscriptions made after Redis returned work across instances too.
		try (RealtimeTestSocket later = instances.b().browser().openPage("after")) {
			instances.a().browser().push("{\"n\":1}", "after");
			assertThat(later.next().toString()).isEqualTo("{\"channel\":\"after\",\"payload\":{\"n\":1}}");
		}
		onA.close();
		onB.close();
	}

	@Test
	void handshakeWhileRedisIsAwayIsRefusedWith503AndSucceedsOnceItIsBack() throws Exception {
		TestAppBrowser browser = instances.a().browser();
		IssuedConnection issued = browser.issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		instances.redis().stop();
		try {
			assertThat(instances.b().refusalStatus(id, key)).isEqualTo(503);
		}
		finally {
			instances.redis().start();
		}
		// The restarted Redis kept nothing: the id is unknown now, and a new one works.
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			IssuedConnection next = instances.a().browser().issueConnection();
			try (RealtimeTestSocket socket = instances.b().connect(next.connectionId(), next.socketKey())) {
				assertThat(socket.isClosed()).isFalse();
			}
		});
	}

	@Test
	void connectionEndpointWhileRedisIsAwayAnswers503AndIssuesAnIdThatConnectsOnceItIsBack() throws Exception {
		TestAppBrowser browser = instances.a().browser();
		// A page first, so that the renewal (GET) has a session with a socket key.
		browser.renderPage("/page");
		instances.redis().stop();
		try {
			// The id could not be recorded, so its socket would be refused: the client is told
			// to come back instead of being given it.
			for (HttpResponse<String> response : List.of(browser.post("/realtime/connection", "application/json", ""),
					browser.get("/realtime/connection"))) {
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
				assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
				assertThat(JsonMapper.shared().readTree(response.body()).get("error").asString()).isNotEmpty();
			}
		}
		finally {
			instances.redis().start();
		}
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			IssuedConnection issued = browser.issueConnection();
			try (RealtimeTestSocket socket = instances.b().connect(issued.connectionId(), issued.socketKey())) {
				assertThat(socket.isClosed()).isFalse();
			}
		});
		// The HTTP session, and so its socket key, is in A's memory: the page's socket goes to A.
		HttpResponse<String> renewal = browser.get("/realtime/connection");
		assertThat(renewal.statusCode()).isEqualTo(200);
		String renewed = JsonMapper.shared().readTree(renewal.body()).get("connection_id").asString();
		try (RealtimeTestSocket socket = instances.a().connect(browser, renewed)) {
			assertThat(socket.isClosed()).isFalse();
		}
	}

	@Test
	void socketOpenWhileRedisRestartsEmptyCanStillResumeWithItsSubscriptions() throws Exception {
		SubscribedSocket onB = openOnBSubscribedTo("across-restart");
		instances.redis().stop();
		instances.redis().start();
		// The restarted Redis kept nothing. B writes the digest of its open socket back, with
		// its subscriptions, when it next renews its leases: every 10 s, a third of the lease.
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(instances.redis().command("HGETALL", onB.digestKey()))
				.contains("\r\nlive\r\n")
				.contains("\r\nchannel:across-restart\r\n"));
		onB.socket().closeGracefully();
		assertResumesOnAWithItsChannel(onB);
	}

	@Test
	void socketClosingAfterRedisRestartedEmptyBeforeItsDigestIsWrittenBackCanStillResume() throws Exception {
		SubscribedSocket onB = openOnBSubscribedTo("closed-after-restart");
		instances.redis().stop();
		instances.redis().start();
		// B reaches the restarted Redis again; its renewal, every 10 s, has most likely not run
		// since. Should it have written the digest back meanwhile, the digest is taken out again.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> instances.b().bean(RedisRealtimeRegistry.class).size() >= 0);
		instances.redis().command("DEL", onB.digestKey());
		onB.socket().closeGracefully();
		assertResumesOnAWithItsChannel(onB);
	}

	// A non-browser socket on B, subscribed over call-route.
	private static SubscribedSocket openOnBSubscribedTo(String channel) {
		IssuedConnection issued = instances.a().browser().issueConnection();
		RealtimeTestSocket socket = instances.b().connect(issued.connectionId(), issued.socketKey());
		assertThat(socket.call("POST", "/route/join", Map.of("channel", channel)).status()).isEqualTo(204);
		return new SubscribedSocket(issued, channel, socket);
	}

	// Once B has released the digest into its resume window and A's connection to Redis is back.
	private static void assertResumesOnAWithItsChannel(SubscribedSocket closed) {
		String id = closed.issued().connectionId();
		String key = closed.issued().socketKey();
		RealtimeTestSocket resumed = Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.until(() -> instances.a().connect(id, key), (opened) -> true);
		try (RealtimeTestSocket onA = resumed) {
			instances.a().browser().push("{\"back\":true}", closed.channel());
			assertThat(onA.next().toString())
				.isEqualTo("{\"channel\":\"" + closed.channel() + "\",\"payload\":{\"back\":true}}");
		}
	}

	private record SubscribedSocket(IssuedConnection issued, String channel, RealtimeTestSocket socket) {

		String digestKey() {
			return "realtime:digest:" + SocketSecrets.digest(this.issued.socketKey(), this.issued.connectionId());
		}

	}

	@Test
	void channelLeftWhileRedisIsAwayIsUnsubscribedOnceRedisReturns() throws Exception {
		RealtimeTestSocket socket = instances.a().browser().openPage("left-while-away");
		String topic = "realtime:channel:left-while-away";
		assertThat(instances.redis().command("PUBSUB", "NUMSUB", topic)).endsWith(":1\r\n");
		instances.redis().stop();
		try {
			socket.close();
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> !instances.a().backplane().subscribedChannels().contains("left-while-away"));
			// Three command timeouts (500 ms): the unsubscribe has failed, rather than waiting
			// in Lettuce's queue for the connection to come back.
			Thread.sleep(1500);
		}
		finally {
			instances.redis().start();
		}
		// Lettuce restores what its connection was subscribed to, this channel included; the
		// backplane then sends the unsubscribe that Redis missed.
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> {
				assertThat(instances.redis().command("PUBSUB", "NUMSUB", "realtime:wildcard")).as("both instances back")
					.endsWith(":2\r\n");
				assertThat(instances.redis().command("PUBSUB", "NUMSUB", topic)).as("subscribers of " + topic)
					.endsWith(":0\r\n");
			});
		assertThat(instances.a().bean(LocalBroker.class).hasLocalSubscribers("left-while-away")).isFalse();
	}

	// Bounded: while the stream runs a frame comes every few milliseconds, so "until none comes
	// for 50 ms" alone would never end and the condition calling it would never be answered.
	private static void drain(RealtimeTestSocket socket, List<Integer> into) {
		String frame;
		for (int read = 0; read < 500 && (frame = socket.pollFrame(Duration.ofMillis(50))) != null; read++) {
			into.add(JsonMapper.shared().readTree(frame).get("payload").get("n").asInt());
		}
	}

	/** Pushes n = 0, 1, 2, ... to "stream" from one thread, a few milliseconds apart. */
	private static final class Stream {

		private final RealtimePublisher publisher;

		private final AtomicInteger pushed = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		Stream(RealtimePublisher publisher) {
			this.publisher = publisher;
			this.thread = new Thread(this::run, "stream");
		}

		void start() {
			this.thread.start();
		}

		int pushed() {
			return this.pushed.get();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join(10_000);
		}

		private void run() {
			while (this.running.get()) {
				this.publisher.push(Map.of("n", this.pushed.get()), "stream");
				this.pushed.incrementAndGet();
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

	}
}
