package dev.realtime.boot.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.registry.RealtimeRegistry;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Channels as SPEC §4, end to end.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChannelsTests {

	private static final Duration QUIET = Duration.ofMillis(300);

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Autowired
	RealtimeSocket socket;

	@Autowired
	LocalBroker broker;

	@Autowired
	RealtimeRegistry registry;

	@Test
	void pushReachesOnlySubscribedSockets() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket chat = browser.openPage("chat"); RealtimeTestSocket news = browser.openPage("news")) {
			browser.push("{\"n\":1}", "chat");
			assertThat(chat.next().toString()).isEqualTo("{\"channel\":\"chat\",\"payload\":{\"n\":1}}");
			assertThat(news.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void subscriptionsMadeWhileRenderingArriveOnceTheSocketConnects() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=early");
		browser.push("{\"before\":\"connect\"}", "early");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"after\":\"connect\"}", "early");
			assertThat(socket.next().get("payload").toString()).isEqualTo("{\"after\":\"connect\"}");
		}
	}

	@Test
	void oneSocketSubscribesToManyChannelsAndOnePushReachesMany() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("a", "b", "c")) {
			browser.push("{\"n\":2}", "a", "c");
			Set<String> channels = socket.next(2).stream().map((frame) -> frame.get("channel").asString())
				.collect(Collectors.toSet());
			assertThat(channels).containsExactlyInAnyOrder("a", "c");
			assertThat(socket.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void wildcardPushReachesEveryMatchingChannelAndNamesTheSubscribedOne() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket one = browser.openPage("room:1"); RealtimeTestSocket two = browser.openPage("room:2");
				RealtimeTestSocket scoped = browser.openPage("room:1;admin"); RealtimeTestSocket other = browser.openPage("hall")) {
			browser.push("{\"all\":true}", "room:*");
			assertThat(one.next().get("channel").asString()).isEqualTo("room:1");
			assertThat(two.next().get("channel").asString()).isEqualTo("room:2");
			assertThat(scoped.pollFrame(QUIET)).isNull();
			assertThat(other.pollFrame(QUIET)).isNull();
			browser.push("{\"admins\":true}", "room:*;admin");
			assertThat(scoped.next().toString()).isEqualTo("{\"channel\":\"room:1;admin\",\"payload\":{\"admins\":true}}");
			assertThat(one.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void wildcardCharactersOtherThanStarAreLiteral() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket dotted = browser.openPage("a.b"); RealtimeTestSocket plain = browser.openPage("axb")) {
			browser.push("{}", "a.*");
			assertThat(dotted.next().get("channel").asString()).isEqualTo("a.b");
			assertThat(plain.pollFrame(QUIET)).isNull();
		}
	}

	@Test
	void unsubscribingWhileRenderingLeavesOnlyTheOtherChannels() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=keep&channel=drop&unsubscribe=drop");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "drop");
			browser.push("{\"n\":2}", "keep");
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"keep\",\"payload\":{\"n\":2}}");
		}
	}

	@Test
	void anotherRequestOfTheSameSessionCannotUnsubscribeAPageSocket() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("mine")) {
			browser.post("/unsubscribe-page?channel=mine", "text/plain", "");
			browser.push("{\"n\":1}", "mine");
			assertThat(socket.next().get("channel").asString()).isEqualTo("mine");
		}
	}

	@Test
	void unsubscribingALiveSocketStopsDelivery() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("stay", "go")) {
			assertThat(socket.request("{\"id\":\"l\",\"action\":\"leave\",\"channel\":\"go\"}", "l").get("body").asString())
				.isEqualTo("left");
			browser.push("{\"n\":3}", "go");
			browser.push("{\"n\":4}", "stay");
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"stay\",\"payload\":{\"n\":4}}");
		}
	}

	@Test
	void pushFromOutsideAnyRequestReachesSubscribers() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("jobs")) {
			this.publisher.push(List.of("done", 3), "jobs");
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"jobs\",\"payload\":[\"done\",3]}");
			this.publisher.push("plain text", List.of("jobs"));
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"jobs\",\"payload\":\"plain text\"}");
		}
	}

	@Test
	void payloadIsSerializedOnceWhateverTheNumberOfSubscribers() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket a = browser.openPage("once"); RealtimeTestSocket b = browser.openPage("once");
				RealtimeTestSocket c = browser.openPage("once", "twice")) {
			CountingPayload payload = new CountingPayload();
			this.publisher.push(payload, "once", "twice");
			for (RealtimeTestSocket socket : List.of(a, b)) {
				assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"once\",\"payload\":\"counted\"}");
			}
			assertThat(c.next(2)).extracting((frame) -> frame.get("payload").asString()).containsOnly("counted");
			assertThat(payload.serializations).hasValue(1);
		}
	}

	@Test
	void channelNameOfExactly256CharactersIsAccepted() {
		String longest = "c".repeat(256);
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage(longest)) {
			this.publisher.push("x", longest);
			assertThat(socket.next().get("channel").asString()).isEqualTo(longest);
		}
	}

	@Test
	void badChannelNamesAreRefusedWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.publisher.push("x"))
			.withMessageContaining("At least one channel");
		assertThatIllegalArgumentException().isThrownBy(() -> this.publisher.push("x", List.of()))
			.withMessageContaining("At least one channel");
		assertThatIllegalArgumentException().isThrownBy(() -> this.publisher.push("x", " "))
			.withMessageContaining("must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> this.publisher.push("x", "ok", ""))
			.withMessageContaining("must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> this.publisher.push("x", "c".repeat(257)))
			.withMessageContaining("at most 256 characters");
	}

	@Test
	void badChannelNamesInAPageRequestAnswerWithAnError() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		assertThat(browser.get("/page?channel=" + "c".repeat(257)).statusCode()).isEqualTo(500);
	}

	@Test
	void realtimeSocketOutsideARequestSaysWhatToUseInstead() {
		assertThatIllegalStateException().isThrownBy(this.socket::connectionId)
			.withMessageContaining("only available while handling an HTTP request")
			.withMessageContaining("RealtimePublisher");
	}

	@Test
	void failingActionAnswers500AndTheSocketKeepsReceiving() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("after-failure")) {
			JsonNode reply = socket.request("{\"id\":\"f\",\"action\":\"fail\"}", "f");
			assertThat(reply.get("status").asInt()).isEqualTo(500);
			assertThat(reply.get("error").asString()).isEqualTo("action 'fail' failed");
			JsonNode refused = socket.request("{\"id\":\"g\",\"action\":\"leave\"}", "g");
			assertThat(refused.toString()).isEqualTo("{\"id\":\"g\",\"status\":422,\"error\":\"leave needs a \\\"channel\\\"\"}");
			this.publisher.push(1, "after-failure");
			assertThat(socket.next().get("payload").asInt()).isEqualTo(1);
		}
	}

	@Test
	void frameOfSixtyKilobytesIsAcceptedUnderTheDefaultLimit() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			String pad = "x".repeat(60 * 1024);
			assertThat(socket.request("{\"id\":\"big\",\"action\":\"ping\",\"pad\":\"" + pad + "\"}", "big")
				.get("status").asInt()).isEqualTo(200);
			socket.send("{\"id\":\"huge\",\"action\":\"ping\",\"pad\":\"" + "x".repeat(65 * 1024) + "\"}");
			assertThat(socket.awaitClose()).isEqualTo(1009);
		}
	}

	@Test
	void socketsOfOneChannelOpeningAndClosingAtOnceLeaveExactlyTheOpenOnesSubscribed() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(4);
		List<RealtimeTestSocket> open = new ArrayList<>();
		try {
			List<Future<List<RealtimeTestSocket>>> opened = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				opened.add(clients.submit(() -> {
					TestAppBrowser browser = new TestAppBrowser(this.port);
					List<RealtimeTestSocket> kept = new ArrayList<>();
					for (int i = 0; i < 60; i++) {
						RealtimeTestSocket socket = browser.openPage("crowd");
						if (i % 2 == 0) {
							kept.add(socket);
						}
						else {
							socket.closeGracefully();
						}
					}
					return kept;
				}));
			}
			for (Future<List<RealtimeTestSocket>> kept : opened) {
				open.addAll(kept.get());
			}
			for (RealtimeTestSocket socket : open) {
				socket.awaitBound();
			}
			Awaitility.await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.broker.subscriberCounts()).containsEntry("crowd", open.size()));
			this.publisher.push("everyone", "crowd");
			for (RealtimeTestSocket socket : open) {
				assertThat(socket.next().get("payload").asString()).isEqualTo("everyone");
			}
			for (RealtimeTestSocket socket : open) {
				assertThat(socket.pollFrame(Duration.ofMillis(10))).isNull();
			}
		}
		finally {
			open.forEach(RealtimeTestSocket::close);
			clients.shutdownNow();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.broker.hasLocalSubscribers("crowd")).isFalse());
	}

	@Test
	void joinsAndLeavesOfOneSocketAtOnceLeaveTheRegistryAndTheIndexAgreeingAndNothingIndexedAfterClose() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int pairs = 400;
		String digest;
		try (RealtimeTestSocket socket = browser.openPage()) {
			// Each join and leave of a channel run at once on two action threads.
			for (int i = 0; i < pairs; i += 4) {
				for (int j = i; j < i + 4; j++) {
					socket.send("{\"id\":\"join-" + j + "\",\"action\":\"join\",\"channel\":\"race-" + j + "\"}");
					socket.send("{\"id\":\"leave-" + j + "\",\"action\":\"leave\",\"channel\":\"race-" + j + "\"}");
				}
				assertThat(socket.next(8)).allSatisfy((reply) -> assertThat(reply.get("status").asInt()).isEqualTo(200));
			}
			digest = socket.request("{\"id\":\"d\",\"action\":\"join\",\"channel\":\"race-last\"}", "d")
				.get("body").asString();
			Set<String> subscribed = this.registry.subscriptions(digest);
			for (int i = 0; i < pairs; i++) {
				String channel = "race-" + i;
				assertThat(this.broker.hasLocalSubscribers(channel)).as(channel)
					.isEqualTo(subscribed.contains(channel));
			}
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				this.broker.subscriberCounts().keySet().stream().filter((channel) -> channel.startsWith("race-")))
			.as("channels that index the closed socket").isEmpty());
	}

	static final class CountingPayload {

		final AtomicInteger serializations = new AtomicInteger();

		@JsonValue
		String value() {
			this.serializations.incrementAndGet();
			return "counted";
		}

	}

}
