package dev.realtime.boot.redis;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.registry.LifecycleTests;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions kept in Redis by Spring Session with their attributes written as JSON by
 * {@code GenericJacksonJsonRedisSerializer} rather than with Java serialization: the socket key
 * survives it, so a page rendered on one instance connects on another, routes called over the
 * socket run with the session, and a logout closes the session's sockets, on every instance
 * when it is called over the socket.
 */
class RedisJsonSessionTests {

	@RegisterExtension
	static final TwoInstances instances = new TwoInstances(RedisJsonSessionTestApplication.class);

	@Test
	void socketKeyIsWrittenAsJsonAndAPageRenderedOnOneInstanceConnectsOnAnother() {
		TestAppBrowser browser = instances.a().browser();
		String connectionId = browser.renderPage("/page?channel=json");
		String stored = (String) instances.a().bean(StringRedisTemplate.class)
			.opsForHash()
			.get("spring:session:sessions:" + Instance.springSessionId(browser), "sessionAttr:" + SessionSocketKeys.ATTRIBUTE);
		assertThat(stored).as("the key as Redis holds it: a JSON string").matches("\"[0-9a-f]{64}\"");
		try (RealtimeTestSocket onB = instances.b().connect(browser, connectionId);
				RealtimeTestSocket onA = browser.openPage("json")) {
			browser.push("{\"n\":1}", "json");
			assertThat(onB.next().get("channel").asString()).isEqualTo("json");
			assertThat(onA.next().get("channel").asString()).isEqualTo("json");
		}
	}

	@Test
	void routesCalledOverTheSocketReadAndWriteTheSession() {
		TestAppBrowser browser = instances.a().browser();
		assertThat(browser.postForm("/route/note", "note=written-over-http").statusCode()).isEqualTo(200);
		try (RealtimeTestSocket socket = instances.b().connect(browser, browser.renderPage("/page"))) {
			assertThat(socket.call("GET", "/route/note").body()).isEqualTo("written-over-http");
			assertThat(socket.call("POST", "/route/note", Map.of("note", "written-over-socket")).body())
				.isEqualTo("noted");
			assertThat(browser.get("/route/note").body()).isEqualTo("written-over-socket");
			assertThat(socket.call("POST", "/route/join", Map.of("channel", "json-room")).status()).isEqualTo(204);
			browser.push("{\"n\":1}", "json-room");
			assertThat(socket.next().get("channel").asString()).isEqualTo("json-room");
		}
		// The calls saved the session without losing its key: its next page connects.
		String afterCalls = browser.renderPage("/page?channel=json-after-calls");
		try (RealtimeTestSocket next = instances.b().connect(browser, afterCalls)) {
			browser.push("{\"n\":2}", "json-after-calls");
			assertThat(next.next().get("channel").asString()).isEqualTo("json-after-calls");
		}
	}

	@Test
	void logoutClosesEverySocketOfTheSessionForGood() {
		LifecycleTests.assertInvalidatingTheHttpSessionClosesItsSocketsForGood(instances.a().browser(),
				instances.a().browser());
	}

	@Test
	void logoutCalledOverTheSocketClosesTheSessionsSocketsOnEveryInstance() {
		TestAppBrowser browser = instances.a().browser();
		RealtimeTestSocket onA = browser.openPage("json-private");
		RealtimeTestSocket onB = instances.b().connect(browser, browser.renderPage("/page?channel=json-private"));
		TestAppBrowser other = instances.b().browser();
		try (RealtimeTestSocket bystander = other.openPage("json-private")) {
			assertThat(onB.call("POST", "/logout").body()).isEqualTo("bye");
			assertThat(onB.awaitClose()).as("socket that called the logout").isEqualTo(1008);
			assertThat(onA.awaitClose()).as("socket on another instance").isEqualTo(1008);
			other.push("{\"n\":1}", "json-private");
			assertThat(bystander.next().get("channel").asString()).isEqualTo("json-private");
		}
	}

}
