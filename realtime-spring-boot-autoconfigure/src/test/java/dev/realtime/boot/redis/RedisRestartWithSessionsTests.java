package dev.realtime.boot.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP sessions kept by Spring Session in the Redis of the realtime channels (as the README
 * advises for several instances): a Redis that restarts empty takes them with it, so the open
 * sockets are closed as those of ended sessions, and a page must be loaded again, as after a
 * logout.
 */
class RedisRestartWithSessionsTests {

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

	@RegisterExtension
	static final OneInstance one = new OneInstance("a", RedisSessionTestApplication.class,
			"realtime.session.expiry-check-interval=" + CHECK_INTERVAL.toMillis() + "ms");

	@Test
	void redisRestartedEmptyEndsTheSessionsItKeptSoTheirSocketsCloseAndAPageMustBeLoadedAgain() throws Exception {
		TestAppBrowser browser = one.instance().browser();
		RealtimeTestSocket socket = browser.openPage("news");
		one.redis().stop();
		one.redis().start();
		assertThat(socket.awaitClose(Duration.ofSeconds(20))).as("close code").isEqualTo(1008);
		// What the JavaScript client asks for a fresh id: the session and its key are gone.
		assertThat(browser.get("/realtime/connection").statusCode()).isEqualTo(403);
		try (RealtimeTestSocket reloaded = browser.openPage("news")) {
			one.instance().browser().push("{\"n\":1}", "news");
			assertThat(reloaded.next().toString()).isEqualTo("{\"channel\":\"news\",\"payload\":{\"n\":1}}");
		}
	}

}
