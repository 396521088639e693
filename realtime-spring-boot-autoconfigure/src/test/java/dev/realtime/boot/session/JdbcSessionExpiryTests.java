package dev.realtime.boot.session;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.redis.RedisSessionExpiryTests;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP sessions kept by Spring Session JDBC, which publishes no event when a session expires:
 * the sockets of an expired session are closed all the same, found by
 * {@code realtime.session.expiry-check-interval}, and those of a live one are not.
 */
@SpringBootTest(classes = JdbcSessionTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.session.timeout=" + JdbcSessionExpiryTests.SESSION_TIMEOUT_SECONDS + "s",
				"realtime.session.expiry-check-interval=200ms" })
@Tag("session-jdbc")
class JdbcSessionExpiryTests {

	static final int SESSION_TIMEOUT_SECONDS = 4;

	private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(SESSION_TIMEOUT_SECONDS);

	// The session's time out, the check's interval, and room for a slow machine.
	private static final Duration CLOSED_WITHIN = SESSION_TIMEOUT.plusMillis(200).plusSeconds(3);

	@LocalServerPort
	int port;

	@Test
	void socketsOfASessionThatExpiresAreClosed() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		RealtimeTestSocket first = browser.openPage("private");
		RealtimeTestSocket second = browser.openPage("private");
		assertThat(first.awaitClose(CLOSED_WITHIN)).isEqualTo(1008);
		assertThat(second.awaitClose(CLOSED_WITHIN)).isEqualTo(1008);
	}

	@Test
	void socketsOfALiveSessionStayOpenAlsoAfterItsIdChanged() throws InterruptedException {
		RedisSessionExpiryTests.assertSocketsOfALiveSessionStayOpenAlsoAfterItsIdChanged(new TestAppBrowser(this.port),
				new TestAppBrowser(this.port), SESSION_TIMEOUT, CLOSED_WITHIN);
	}

}
