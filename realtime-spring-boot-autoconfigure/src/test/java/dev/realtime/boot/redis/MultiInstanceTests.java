package dev.realtime.boot.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.test.util.ReflectionTestUtils;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances on one Redis behave as one: pushes, subscriptions, ids and the resume window
 * cross instances; each socket gets each push once and in order.
 */
class MultiInstanceTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	static Instance a;

	static Instance b;

	static Instance c;

	@BeforeAll
	static void startInstances() {
		String[] properties = { "realtime.resume-window=2s" };
		a = Instance.start("a", RedisSessionTestApplication.class, redis, properties);
		b = Instance.start("b", RedisSessionTestApplication.class, redis, properties);
		c = Instance.start("c", RedisSessionTestApplication.class, redis, properties);
	}

	@AfterAll
	static void stopInstances() {
		for (Instance instance : new Instance[] { a, b, c }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void pushOnOneInstanceReachesTheSubscribersOfEveryInstanceExactlyOnce() {
		try (RealtimeTestSocket onA = a.browser().openPage("news"); RealtimeTestSocket onB = b.browser().openPage("news");
				RealtimeTestSocket onC = c.browser().openPage("news")) {
			a.browser().push("{\"n\":1}", "news");
			assertThat(onB.next().toString()).isEqualTo("{\"channel\":\"news\",\"payload\":{\"n\":1}}");
			assertThat(onC.next().toString()).isEqualTo("{\"channel\":\"news\",\"payload\":{\"n\":1}}");
			// Redis has handed n=1 to every subscribed instance, A's own subscription included, so
			// A would meet its echo before n=2 (pushed from B afterwards) if it delivered it again.
			b.browser().push("{\"n\":2}", "news");
			assertThat(onA.next(2)).extracting(JsonNode::toString)
				.containsExactly("{\"channel\":\"news\",\"payload\":{\"n\":1}}",
						"{\"channel\":\"news\",\"payload\":{\"n\":2}}");
			assertThat(onB.next().get("payload").get("n").asInt()).isEqualTo(2);
			assertThat(onC.next().get("payload").get("n").asInt()).isEqualTo(2);
		}
	}

	@Test
	void subscriptionMadeInARequestOnOneInstanceIsDeliveredWhenTheSocketConnectsToAnother() {
		TestAppBrowser browser = a.browser();
		String id = browser.renderPage("/page?channel=orders");
		try (RealtimeTestSocket onB = b.connect(browser, id)) {
			c.browser().push("{\"order\":7}", "orders");
			assertThat(onB.next().toString()).isEqualTo("{\"channel\":\"orders\",\"payload\":{\"order\":7}}");
		}
	}

	@Test
	void idIssuedOnOneInstanceIsAcceptedOnAnotherAndHeldByOneSocketOnly() {
		IssuedConnection issued = a.browser().issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		try (RealtimeTestSocket onB = b.connect(id, key)) {
			assertThat(c.refusalStatus(id, key)).isEqualTo(403);
			assertThat(a.refusalStatus(id, key)).isEqualTo(403);
		}
	}

	@Test
	void twoInstancesRacingForOneIdAdmitOneSocket() throws Exception {
		for (int i = 0; i < 20; i++) {
			IssuedConnection issued = a.browser().issueConnection();
			String id = issued.connectionId();
			String key = issued.socketKey();
			CompletableFuture<Object> onB = CompletableFuture.supplyAsync(() -> connectOrRefusal(b, id, key));
			CompletableFuture<Object> onC = CompletableFuture.supplyAsync(() -> connectOrRefusal(c, id, key));
			List<Object> outcomes = List.of(onB.get(), onC.get());
			assertThat(outcomes).filteredOn(RealtimeTestSocket.class::isInstance).hasSize(1);
			assertThat(outcomes).filteredOn(Integer.class::isInstance).containsExactly(403);
			outcomes.stream().filter(RealtimeTestSocket.class::isInstance).forEach((socket) -> ((RealtimeTestSocket) socket).close());
		}
	}

	@Test
	void unsubscribeOnOneInstanceIsHonouredForPushesFromAnother() {
		TestAppBrowser browser = a.browser();
		String id = browser.renderPage("/page?channel=left&channel=kept");
		try (RealtimeTestSocket onB = b.connect(browser, id)) {
			assertThat(b.backplane().subscribedChannels()).contains("left", "kept");
			JsonNode reply = onB.request("{\"id\":\"l\",\"action\":\"leave\",\"channel\":\"left\"}", "l");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
			assertThat(b.backplane().subscribedChannels()).doesNotContain("left").contains("kept");
			a.browser().push("{\"n\":1}", "left");
			a.browser().push("{\"n\":2}", "kept");
			assertThat(onB.next().toString()).isEqualTo("{\"channel\":\"kept\",\"payload\":{\"n\":2}}");
		}
	}

	@Test
	void thousandPushesFromOneInstanceArriveInOrderWithNoneLostOnEveryInstance() {
		try (RealtimeTestSocket onA = a.browser().openPage("sequence"); RealtimeTestSocket onB = b.browser().openPage("sequence");
				RealtimeTestSocket onC = c.browser().openPage("sequence")) {
			long missedByB = b.backplane().missed();
			long missedByC = c.backplane().missed();
			RealtimePublisher publisher = a.bean(RealtimePublisher.class);
			for (int n = 0; n < 1000; n++) {
				publisher.push(Map.of("n", n), "sequence");
			}
			for (RealtimeTestSocket socket : List.of(onA, onB, onC)) {
				assertThat(Instance.numbers(socket.next(1000))).isEqualTo(Instance.range(0, 1000));
			}
			assertThat(b.backplane().missed()).as("pushes B counted as missed").isEqualTo(missedByB);
			assertThat(c.backplane().missed()).as("pushes C counted as missed").isEqualTo(missedByC);
			b.browser().push("{\"n\":\"end\"}", "sequence");
			for (RealtimeTestSocket socket : List.of(onA, onB, onC)) {
				assertThat(socket.next().get("payload").get("n").asString()).as("nothing delivered twice")
					.isEqualTo("end");
			}
		}
	}

	@Test
	void socketThatClosedOnOneInstanceResumesOnAnotherWithinTheResumeWindow() {
		TestAppBrowser browser = a.browser();
		String id = browser.renderPage("/page?channel=resumed");
		b.connect(browser, id).closeGracefully();
		// B answers the close before it releases the digest into its resume window, in Redis: a
		// handshake on C in between is refused (held by a live socket) and claims nothing.
		RealtimeTestSocket resumed = Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.ignoreExceptions()
			.until(() -> c.connect(browser, id), (socket) -> true);
		try (RealtimeTestSocket onC = resumed) {
			a.browser().push("{\"back\":true}", "resumed");
			assertThat(onC.next().toString()).isEqualTo("{\"channel\":\"resumed\",\"payload\":{\"back\":true}}");
		}
	}

	@Test
	void closedSocketsIdAndSubscriptionsLeaveRedisAfterTheResumeWindow() throws Exception {
		IssuedConnection issued = a.browser().issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		String redisKey = "realtime:digest:" + SocketSecrets.digest(key, id);
		assertThat(redis.command("HGET", redisKey, "state")).contains("issued");
		RealtimeTestSocket onB = b.connect(id, key);
		assertThat(redis.command("HGET", redisKey, "state")).contains("live");
		onB.closeGracefully();
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(redis.command("HGET", redisKey, "state")).contains("detached"));
		assertThat(Long.parseLong(redis.command("PTTL", redisKey).substring(1).trim())).as("time to live")
			.isNotEqualTo(-1L)
			.isLessThanOrEqualTo(2000L);
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(redis.command("EXISTS", redisKey)).isEqualTo(":0\r\n"));
		assertThat(c.refusalStatus(id, key)).isEqualTo(403);
	}

	@Test
	void wildcardPushOnOneInstanceReachesMatchingChannelsOnTheOthers() {
		try (RealtimeTestSocket oneOnB = b.browser().openPage("room:1"); RealtimeTestSocket twoOnC = c.browser().openPage("room:2", "lobby")) {
			a.browser().push("{\"all\":true}", "room:*");
			a.browser().push("{\"n\":1}", "lobby");
			assertThat(oneOnB.next().toString()).isEqualTo("{\"channel\":\"room:1\",\"payload\":{\"all\":true}}");
			assertThat(twoOnC.next(2)).extracting(JsonNode::toString)
				.containsExactly("{\"channel\":\"room:2\",\"payload\":{\"all\":true}}",
						"{\"channel\":\"lobby\",\"payload\":{\"n\":1}}");
		}
	}

	@Test
	void instanceWithNoSubscriberForABusyChannelReceivesNothingOfIt() throws Exception {
		try (RealtimeTestSocket onB = b.browser().openPage("busy")) {
			long receivedByB = b.backplane().received();
			long receivedByC = c.backplane().received();
			RealtimePublisher publisher = a.bean(RealtimePublisher.class);
			for (int n = 0; n < 1000; n++) {
				publisher.push(Map.of("n", n), "busy");
			}
			assertThat(Instance.numbers(onB.next(1000))).isEqualTo(Instance.range(0, 1000));
			long byB = b.backplane().received() - receivedByB;
			long byC = c.backplane().received() - receivedByC;
			String subscribers = redis.command("PUBSUB", "NUMSUB", "realtime:channel:busy");
			System.out.println("Busy channel, 1,000 pushes from A: received from Redis by B (1 subscriber) " + byB
					+ ", by C (no subscriber) " + byC + "; PUBSUB NUMSUB realtime:channel:busy = "
					+ subscribers.replace("\r\n", " "));
			assertThat(byB).isEqualTo(1000);
			assertThat(byC).isZero();
			assertThat(subscribers).endsWith(":1\r\n");
			assertThat(c.backplane().subscribedChannels()).doesNotContain("busy");
		}
	}

	private static Object connectOrRefusal(Instance instance, String id, String key) {
		try {
			return instance.connect(id, key);
		}
		catch (IllegalStateException ex) {
			return instance.refusalStatus(id, key);
		}
	}

	@Test
	void socketJoiningAChannelWhoseSubscriptionIsStillBeingMadeIsBoundOnlyOnceItIsMade() throws Exception {
		// The lock under which the backplane talks to Redis, held here as a SUBSCRIBE waiting
		// for Redis would hold it.
		Object subscribing = ReflectionTestUtils.getField(b.backplane(), "subscriptionLock");
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			synchronized (subscribing) {
				held.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		});
		holder.start();
		held.await();
		CompletableFuture<RealtimeTestSocket> first = CompletableFuture.supplyAsync(() -> b.browser().openPage("pending"));
		CompletableFuture<RealtimeTestSocket> second = null;
		try {
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> b.bean(LocalBroker.class).hasLocalSubscribers("pending"));
			second = CompletableFuture.supplyAsync(() -> b.browser().openPage("pending"));
			Thread.sleep(1000);
			assertThat(second).as("second socket bound before the channel's subscription was made").isNotDone();
		}
		finally {
			release.countDown();
			holder.join();
		}
		try (RealtimeTestSocket onB1 = first.get(10, TimeUnit.SECONDS);
				RealtimeTestSocket onB2 = second.get(10, TimeUnit.SECONDS)) {
			a.browser().push("{\"n\":1}", "pending");
			assertThat(onB1.next().toString()).isEqualTo("{\"channel\":\"pending\",\"payload\":{\"n\":1}}");
			assertThat(onB2.next().toString()).isEqualTo("{\"channel\":\"pending\",\"payload\":{\"n\":1}}");
		}
	}

	@Test
	void pushToSeveralChannelsIsCountedOnceOnTheInstanceThatMadeIt() {
		double onA = pushes(a);
		double onB = pushes(b);
		try (RealtimeTestSocket onB1 = b.browser().openPage("counted-x", "counted-y")) {
			a.browser().push("{\"n\":1}", "counted-x", "counted-y");
			assertThat(onB1.next(2)).hasSize(2);
		}
		assertThat(pushes(a)).as("pushes counted where the push was made").isEqualTo(onA + 1);
		assertThat(pushes(b)).as("pushes counted where they arrived").isEqualTo(onB);
	}

	private static double pushes(Instance instance) {
		return instance.bean(MeterRegistry.class).get("realtime.pushes").counter().count();
	}

}
