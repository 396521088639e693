package dev.realtime.boot.redis;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions kept in Redis by Spring Session's default repository (what
 * {@code spring-boot-starter-session-data-redis} and {@code @EnableRedisHttpSession} give),
 * which publishes no session events: a logout in one tab still closes every socket of the
 * session, on every instance; and two first pages of a session rendered at once on two
 * instances get one socket key.
 */
class RedisSessionLogoutTests {

	@RegisterExtension
	static final TwoInstances instances = new TwoInstances(RedisSessionTestApplication.class);

	@Test
	void logoutOnOneInstanceClosesTheSessionsSocketsOnEveryInstance() {
		TestAppBrowser browser = instances.a().browser();
		RealtimeTestSocket onA = browser.openPage("private");
		RealtimeTestSocket onB = instances.b().connect(browser, browser.renderPage("/page?channel=private"));
		TestAppBrowser other = instances.b().browser();
		try (RealtimeTestSocket bystander = other.openPage("private")) {
			assertThat(browser.post("/logout", "text/plain", "").statusCode()).isEqualTo(200);
			assertThat(onA.awaitClose()).as("socket on the instance that logged out").isEqualTo(1008);
			assertThat(onB.awaitClose()).as("socket on another instance").isEqualTo(1008);
			other.push("{\"n\":1}", "private");
			assertThat(bystander.next().get("channel").asString()).isEqualTo("private");
		}
	}

	@Test
	void firstPageOfASessionThatItsRequestCreatedStoresNoSocketKeyInRedis() throws Exception {
		TestAppBrowser browser = instances.a().browser();
		// No other request can hold this session yet: its client gets the cookie with this page.
		browser.openPage("new-session");
		assertThat(instances.redis().command("EXISTS", firstSessionKeyName(browser))).isEqualTo(":0\r\n");
	}

	@Test
	void firstSocketKeyKeptInRedisOpensNoSocketForWhoeverReadsRedis() throws Exception {
		TestAppBrowser browser = instances.a().browser();
		// A session made with no socket key: its first socket key is shared through Redis.
		assertThat(browser.post("/keyless-cart", "text/plain", "").statusCode()).isEqualTo(200);
		String connectionId = browser.renderPage("/page?channel=private");
		// *bulk: $<length>, then the value
		String kept = instances.redis().command("GET", firstSessionKeyName(browser)).split("\r\n")[1];
		// A non-browser client names its key; the page's connection id is in its HTML and URLs.
		assertThat(instances.a().refusalStatus(connectionId, kept)).as("handshake with the key read from Redis")
			.isIn(400, 403);
	}

	private static String firstSessionKeyName(RealtimeTestClient browser) throws Exception {
		return "realtime:first-session-key:" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256")
				.digest(Instance.springSessionId(browser).getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void logoutCalledOverTheSocketClosesTheSessionsSocketsOnEveryInstance() {
		TestAppBrowser browser = instances.a().browser();
		RealtimeTestSocket onA = browser.openPage("private");
		RealtimeTestSocket onB = instances.b().connect(browser, browser.renderPage("/page?channel=private"));
		String notYetConnected = browser.renderPage("/page?channel=private");
		TestAppBrowser other = instances.b().browser();
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

	@Test
	void twoFirstPagesOfASessionRenderedAtOnceOnTwoInstancesBothConnect() throws Exception {
		TestAppBrowser browser = instances.a().browser();
		// A session with no socket key yet (made before the starter stored one in every new
		// session).
		assertThat(browser.post("/keyless-cart", "text/plain", "").statusCode()).isEqualTo(200);
		ExecutorService renderers = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<String> onA = renderers.submit(() -> {
				start.await();
				return browser.renderPage("/slow-page?channel=two-instances");
			});
			Future<String> onB = renderers.submit(() -> {
				start.await();
				return renderOn(instances.b(), browser, "/slow-page?channel=two-instances");
			});
			start.countDown();
			try (RealtimeTestSocket first = browser.connect(onA.get(10, TimeUnit.SECONDS));
					RealtimeTestSocket second = instances.b().connect(browser, onB.get(10, TimeUnit.SECONDS))) {
				browser.push("{\"n\":1}", "two-instances");
				assertThat(first.next().get("channel").asString()).isEqualTo("two-instances");
				assertThat(second.next().get("channel").asString()).isEqualTo("two-instances");
			}
		}
		finally {
			renderers.shutdownNow();
		}
	}

	// Rendered on the given instance with the browser's cookies, as behind a load balancer.
	private static String renderOn(Instance instance, TestAppBrowser browser, String pathAndQuery) {
		HttpResponse<String> page = browser
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port() + pathAndQuery)).build());
		assertThat(page.statusCode()).as("GET " + pathAndQuery + " on " + instance).isEqualTo(200);
		return RealtimeTestClient.connectionIdOf(page.body());
	}

}
