package dev.realtime.boot.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.realtime.boot.registry.LifecycleTests;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions kept in Redis by Spring Session's default repository, which publishes no event when
 * a session expires: the sockets of an expired session are closed all the same, and those of
 * a live one are not.
 */
public class RedisSessionExpiryTests {

	private static final Duration SESSION_TIMEOUT = Duration
		.ofSeconds(RedisSessionExpiryTestApplication.SESSION_TIMEOUT_SECONDS);

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

	// The session's time out, the check's interval, and room for a slow machine.
	private static final Duration CLOSED_WITHIN = SESSION_TIMEOUT.plus(CHECK_INTERVAL).plusSeconds(3);

	@RegisterExtension
	static final OneInstance one = new OneInstance("expiry", RedisSessionExpiryTestApplication.class,
			"realtime.session.expiry-check-interval=" + CHECK_INTERVAL.toMillis() + "ms");

	@Test
	void socketsOfASessionThatExpiresAreClosedAndReceiveNoMorePushes() {
		TestAppBrowser browser = one.instance().browser();
		RealtimeTestSocket first = browser.openPage("private");
		RealtimeTestSocket second = browser.openPage("private");
		long start = System.nanoTime();
		assertThat(first.awaitClose(CLOSED_WITHIN)).isEqualTo(1008);
		assertThat(second.awaitClose(CLOSED_WITHIN)).isEqualTo(1008);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SESSION_TIMEOUT.minusMillis(500));
	}

	@Test
	void sessionsThatCannotBeReadDoNotKeepTheSocketsOfExpiredOnesOpen() {
		StringRedisTemplate redis = one.instance().bean(StringRedisTemplate.class);
		List<RealtimeTestSocket> unreadable = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			TestAppBrowser browser = one.instance().browser();
			unreadable.add(browser.openPage("unreadable"));
			// An hour-long session holding an attribute that no longer deserializes (its class
			// changed in a deploy): the repository throws when it is looked up.
			String key = "spring:session:sessions:" + Instance.springSessionId(browser);
			redis.opsForHash().put(key, "sessionAttr:unreadable", "not a serialized object");
			redis.opsForHash().put(key, "maxInactiveInterval", "3600");
			redis.expire(key, Duration.ofHours(1));
		}
		List<RealtimeTestSocket> abandoned = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			abandoned.add(one.instance().browser().openPage("abandoned"));
		}
		for (RealtimeTestSocket socket : abandoned) {
			assertThat(socket.awaitClose(CLOSED_WITHIN)).as("socket of an expired session").isEqualTo(1008);
		}
		assertThat(unreadable).noneMatch(RealtimeTestSocket::isClosed);
	}

	@Test
	void socketsOfALiveSessionStayOpenAlsoAfterItsIdChanged() throws InterruptedException {
		assertSocketsOfALiveSessionStayOpenAlsoAfterItsIdChanged(one.instance().browser(), one.instance().browser(),
				SESSION_TIMEOUT, CLOSED_WITHIN);
	}

	/**
	 * Assert that the sockets of a session kept alive by its pages stay open through the
	 * session's time out, also after a login changed its id, while the expiry check closes
	 * those of a session left alone.
	 * @param browser the browser whose session is kept alive
	 * @param other a browser whose session is left alone
	 * @param sessionTimeout the sessions' time out
	 * @param closedWithin how long the socket of an expired session may take to close
	 * @throws InterruptedException if interrupted while keeping the session alive
	 */
	public static void assertSocketsOfALiveSessionStayOpenAlsoAfterItsIdChanged(TestAppBrowser browser,
			TestAppBrowser other, Duration sessionTimeout, Duration closedWithin) throws InterruptedException {
		String pageBeforeLogin = browser.renderPage("/page?channel=live");
		RealtimeTestSocket openedBeforeLogin = browser.connect(pageBeforeLogin);
		assertThat(browser.post("/login", "text/plain", "").statusCode()).isEqualTo(200);
		// Closed by the login, which changed the session's id, and resumed with the new one.
		assertThat(openedBeforeLogin.awaitClose()).isEqualTo(4001);
		RealtimeTestSocket beforeLogin = LifecycleTests.resume(browser, pageBeforeLogin);
		// A session left alone meanwhile: its socket closing shows that the check ran.
		RealtimeTestSocket abandoned = other.openPage("abandoned");
		long until = System.nanoTime() + sessionTimeout.multipliedBy(2).toNanos();
		while (System.nanoTime() < until) {
			// Each page asks for the session, which keeps it alive.
			browser.renderPage("/page");
			Thread.sleep(sessionTimeout.toMillis() / 4);
		}
		assertThat(abandoned.awaitClose(closedWithin)).isEqualTo(1008);
		assertThat(beforeLogin.isClosed()).as("socket of the live session closed").isFalse();
		browser.push("{\"n\":1}", "live");
		assertThat(beforeLogin.next().get("channel").asString()).isEqualTo("live");
	}

}
