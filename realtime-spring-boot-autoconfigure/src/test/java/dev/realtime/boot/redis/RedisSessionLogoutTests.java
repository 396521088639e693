package dev.realtime.boot.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions kept in Redis by Spring Session's default repository (what
 * {@code spring-boot-starter-session-data-redis} and {@code @EnableRedisHttpSession} give),
 * which publishes no session events: a logout in one tab still closes every socket of the
 * session, on every instance.
 */
class RedisSessionLogoutTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	static Instance a;

	static Instance b;

	@BeforeAll
	static void startInstances() {
		a = Instance.start("a", RedisSessionTestApplication.class, redis);
		b = Instance.start("b", RedisSessionTestApplication.class, redis);
	}

	@AfterAll
	static void stopInstances() {
		for (Instance instance : new Instance[] { a, b }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void logoutOnOneInstanceClosesTheSessionsSocketsOnEveryInstance() {
		TestAppBrowser browser = a.browser();
		RealtimeTestSocket onA = browser.openPage("private");
		RealtimeTestSocket onB = b.connect(browser, browser.renderPage("/page?channel=private"));
		TestAppBrowser other = b.browser();
		try (RealtimeTestSocket bystander = other.openPage("private")) {
			assertThat(browser.post("/logout", "text/plain", "").statusCode()).isEqualTo(200);
			assertThat(onA.awaitClose()).as("socket on the instance that logged out").isEqualTo(1008);
			assertThat(onB.awaitClose()).as("socket on another instance").isEqualTo(1008);
			other.push("{\"n\":1}", "private");
			assertThat(bystander.next().get("channel").asString()).isEqualTo("private");
		}
	}

	@Test
	void logoutCalledOverTheSocketClosesTheSessionsSocketsOnEveryInstance() {
		TestAppBrowser browser = a.browser();
		RealtimeTestSocket onA = browser.openPage("private");
		RealtimeTestSocket onB = b.connect(browser, browser.renderPage("/page?channel=private"));
		String notYetConnected = browser.renderPage("/page?channel=private");
		TestAppBrowser other = b.browser();
		try (RealtimeTestSocket bystander = other.openPage("private")) {
			assertThat(onA.call("POST", "/logout").status()).isEqualTo(200);
			assertThat(onA.awaitClose()).as("socket that called the logout").isEqualTo(1008);
			assertThat(onB.awaitClose()).as("socket on another instance").isEqualTo(1008);
			assertThat(browser.refusalStatus(notYetConnected)).as("page of the session rendered before the logout")
				.isEqualTo(403);
			other.push("{\"n\":1}", "private");
			assertThat(bystander.next().get("channel").asString()).isEqualTo("private");
		}
	}

}
