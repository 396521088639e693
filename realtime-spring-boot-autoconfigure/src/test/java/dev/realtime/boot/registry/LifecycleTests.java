package dev.realtime.boot.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issued ids expire, closed sockets may resume within the window, and nothing is left behind.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.resume-window=2s", "realtime.issued-id-time-to-live=3s" })
public class LifecycleTests {

	private static final Duration PAST_THE_RESUME_WINDOW = Duration.ofMillis(2500);

	private static final Duration PAST_THE_TIME_TO_LIVE = Duration.ofMillis(3500);

	@LocalServerPort
	int port;

	@Autowired
	RealtimeRegistry registry;

	@Autowired
	LiveConnections connections;

	@Autowired
	LocalBroker broker;

	@Test
	void thousandSocketsOpenedAndClosedLeaveNothingBehind() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				done.add(clients.submit(() -> {
					TestAppBrowser browser = new TestAppBrowser(this.port);
					for (int i = 0; i < 250; i++) {
						RealtimeTestSocket socket = browser.openPage("chat", "room:" + i);
						socket.closeGracefully();
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.connections.size()).as("open sockets").isZero();
			assertThat(this.broker.channelCount()).as("channels with a local subscriber").isZero();
			assertThat(this.registry.size()).as("digests in the registry").isZero();
		});
	}

	@Test
	void socketThatReconnectsWithinTheResumeWindowGetsItsSubscriptionsBack() {
		assertResumesWithItsSubscriptions(new TestAppBrowser(this.port), this.connections);
	}

	/**
	 * A page's socket closes and reconnects with its id: it gets its subscription back.
	 * @param browser a browser of the server under test
	 * @param connections the server's open sockets
	 */
	public static void assertResumesWithItsSubscriptions(TestAppBrowser browser, LiveConnections connections) {
		String id = browser.renderPage("/page?channel=resumable");
		RealtimeTestSocket first = browser.connect(id);
		int open = connections.size();
		first.closeGracefully();
		// The server answers the close before it releases the digest into its resume window.
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() < open);
		try (RealtimeTestSocket resumed = browser.connect(id)) {
			browser.push("{\"back\":true}", "resumable");
			assertThat(resumed.next().toString()).isEqualTo("{\"channel\":\"resumable\",\"payload\":{\"back\":true}}");
		}
	}

	@Test
	void socketThatDroppedWithoutACloseFrameMayResume() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=dropped");
		RealtimeTestSocket dropped = browser.connect(id);
		int open = this.connections.size();
		dropped.close();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.connections.size() < open);
		try (RealtimeTestSocket resumed = browser.connect(id)) {
			browser.push("{\"n\":1}", "dropped");
			assertThat(resumed.next().get("channel").asString()).isEqualTo("dropped");
		}
	}

	@Test
	void idIsDeadAfterTheResumeWindowAndItsSubscriptionsAreGone() throws InterruptedException {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=gone");
		browser.connect(id).closeGracefully();
		Thread.sleep(PAST_THE_RESUME_WINDOW.toMillis());
		assertThat(browser.refusalStatus(id)).isEqualTo(403);
	}

	@Test
	void issuedIdThatNoSocketClaimsExpires() throws InterruptedException {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		Thread.sleep(PAST_THE_TIME_TO_LIVE.toMillis());
		assertThat(browser.refusalStatus(id)).isEqualTo(403);
	}

	@Test
	void invalidatingTheHttpSessionClosesItsSocketsForGood() {
		assertInvalidatingTheHttpSessionClosesItsSocketsForGood(new TestAppBrowser(this.port),
				new TestAppBrowser(this.port));
	}

	/**
	 * Open two pages, log out over HTTP, and check that both pages' sockets close with 1008,
	 * that the first page's id can no longer be used, and that another session's socket still
	 * receives pushes.
	 * @param browser a browser with no session yet
	 * @param other another browser, whose page gets a session of its own
	 */
	public static void assertInvalidatingTheHttpSessionClosesItsSocketsForGood(TestAppBrowser browser,
			TestAppBrowser other) {
		String firstId = browser.renderPage("/page?channel=private");
		RealtimeTestSocket first = browser.connect(firstId);
		RealtimeTestSocket second = browser.openPage("private");
		try (RealtimeTestSocket bystander = other.openPage("private")) {
			assertThat(browser.post("/logout", "text/plain", "").statusCode()).isEqualTo(200);
			assertThat(first.awaitClose()).isEqualTo(1008);
			assertThat(second.awaitClose()).isEqualTo(1008);
			assertThat(browser.refusalStatus(firstId)).isEqualTo(403);
			other.push("{\"n\":1}", "private");
			assertThat(bystander.next().get("channel").asString()).isEqualTo("private");
		}
	}

	@Test
	void logoutCalledOverTheSocketIsAnsweredThenClosesEverySocketOfTheSession() {
		assertLogoutCalledOverTheSocketIsAnsweredThenClosesEverySocketOfTheSession(new TestAppBrowser(this.port),
				"private");
	}

	public static void assertLogoutCalledOverTheSocketIsAnsweredThenClosesEverySocketOfTheSession(
			TestAppBrowser browser, String channel) {
		RealtimeTestSocket caller = browser.openPage(channel);
		RealtimeTestSocket other = browser.openPage(channel);
		assertThat(caller.call("POST", "/logout").body()).isEqualTo("bye");
		assertThat(caller.awaitClose()).as("socket that called the logout").isEqualTo(1008);
		assertThat(other.awaitClose()).as("other socket of the session").isEqualTo(1008);
	}

	@Test
	void logoutCalledOverTheSocketWhileAnotherOfItsCallsIsHeldClosesItOnceTheLogoutIsAnswered() {
		assertLogoutCalledOverTheSocketWhileAnotherOfItsCallsIsHeldClosesItOnceTheLogoutIsAnswered(
				new TestAppBrowser(this.port), "private");
	}

	public static void assertLogoutCalledOverTheSocketWhileAnotherOfItsCallsIsHeldClosesItOnceTheLogoutIsAnswered(
			TestAppBrowser browser, String channel) {
		RealtimeTestSocket caller = browser.openPage(channel);
		try {
			// A call that a route holds for 30 s, as a long poll does.
			caller.send("{\"id\":\"held\",\"action\":\"call-route\",\"method\":\"GET\",\"uri\":\"/route/hold\"}");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.get("/route/held").body().equals("1"));
			assertThat(caller.call("POST", "/logout").body()).isEqualTo("bye");
			assertThat(caller.awaitClose(Duration.ofSeconds(5))).as("socket that called the logout").isEqualTo(1008);
		}
		finally {
			browser.postForm("/route/release", "");
		}
	}

	@Test
	void callOverTheSocketAfterALogoutOverItIsRefusedNotRunWithoutTheSession() {
		assertCallOverTheSocketAfterALogoutOverItIsRefused(new TestAppBrowser(this.port),
				new TestAppBrowser(this.port), "private");
	}

	/**
	 * Log out over a socket with a route that answers later, call another route over that
	 * socket meanwhile, and check that this call is refused with a 401 error reply rather than
	 * run without the session, that the logout is answered before the socket closes with 1008,
	 * and that pushes still reach the socket of another session.
	 * @param browser a browser with no session yet
	 * @param other another browser of the same server
	 * @param channel the channel both browsers' pages subscribe to
	 */
	public static void assertCallOverTheSocketAfterALogoutOverItIsRefused(TestAppBrowser browser,
			TestAppBrowser other, String channel) {
		RealtimeTestSocket caller = browser.openPage(channel);
		try (RealtimeTestSocket bystander = other.openPage(channel)) {
			caller.send("{\"id\":\"logout\",\"action\":\"call-route\",\"method\":\"POST\","
					+ "\"uri\":\"/route/logout-held\"}");
			// The session has ended; the logout's answer waits.
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> other.get("/route/held").body().equals("1"));
			JsonNode refused = caller.request(
					"{\"id\":\"after\",\"action\":\"call-route\",\"method\":\"GET\",\"uri\":\"/route/echo\"}",
					"after");
			assertThat(refused.path("status").asInt()).as("status of the call after the logout, in " + refused)
				.isEqualTo(401);
			assertThat(refused.path("error").asString()).isEqualTo("the HTTP session of this socket has ended");
			assertThat(other.postForm("/route/release", "").body()).isEqualTo("1");
			JsonNode logout = caller.next();
			assertThat(logout.path("id").asString()).isEqualTo("logout");
			assertThat(logout.path("body").asString()).isEqualTo("released");
			assertThat(caller.awaitClose()).as("socket that called the logout").isEqualTo(1008);
			other.push("{\"n\":1}", channel);
			assertThat(bystander.next().toString())
				.isEqualTo("{\"channel\":\"" + channel + "\",\"payload\":{\"n\":1}}");
		}
		finally {
			other.postForm("/route/release", "");
			caller.close();
		}
	}

	@Test
	void endingTheHttpSessionAfterItsIdChangedClosesTheSocketsOpenedBefore() {
		assertSocketsOpenedBeforeAndAfterAnIdChangeCloseWithTheSession(new TestAppBrowser(this.port));
	}

	/**
	 * Connect with the id of a socket that the server closed, keeping its resume window, as the
	 * JavaScript client does: again and again until the server has released its id.
	 * @param browser the browser that rendered the page
	 * @param connectionId the page's connection id
	 * @return the resumed socket
	 */
	public static RealtimeTestSocket resume(RealtimeTestClient browser, String connectionId) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> browser.connect(connectionId), (resumed) -> true);
	}

	/**
	 * Open a page, change the session id as a login does, check that the page's socket closes
	 * with 4001 and resumes with the session's new id, open another page, log out, and check
	 * that both pages' sockets close with 1008.
	 * @param browser a browser with no session yet
	 */
	public static void assertSocketsOpenedBeforeAndAfterAnIdChangeCloseWithTheSession(TestAppBrowser browser) {
		String pageBeforeLogin = browser.renderPage("/page?channel=private");
		RealtimeTestSocket openedBeforeLogin = browser.connect(pageBeforeLogin);
		assertThat(browser.post("/login", "text/plain", "").statusCode()).isEqualTo(200);
		assertThat(openedBeforeLogin.awaitClose()).as("socket opened before the id changed").isEqualTo(4001);
		RealtimeTestSocket resumedAfterLogin = resume(browser, pageBeforeLogin);
		RealtimeTestSocket openedAfterLogin = browser.openPage("private");
		assertThat(browser.post("/logout", "text/plain", "").statusCode()).isEqualTo(200);
		assertThat(openedAfterLogin.awaitClose()).as("socket opened after the id changed").isEqualTo(1008);
		assertThat(resumedAfterLogin.awaitClose()).as("socket resumed after the id changed").isEqualTo(1008);
	}

}
