package dev.realtime.boot.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.registry.LifecycleTests;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.test.RouteReply;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket key lives in the session that Spring Session keeps, so the handshake finds it
 * wherever Spring Session stores sessions.
 */
@SpringBootTest(classes = SpringSessionTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SpringSessionTests {

	@LocalServerPort
	int port;

	@Autowired
	MapSessionRepository sessions;

	@Test
	void socketKeyIsKeptInTheSpringSessionAndTheHandshakeFindsIt() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page?channel=spring-session");
		assertThat(browser.handshakeHeaders().get("Cookie")).startsWith("SESSION=");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "spring-session");
			assertThat(socket.next().get("channel").asString()).isEqualTo("spring-session");
		}
		assertThat(this.sessions.findById(sessionId(browser)).<String>getAttribute(SessionSocketKeys.ATTRIBUTE))
			.matches("[0-9a-f]{64}");
	}

	/** The id of the Spring Session session whose cookie a browser holds (its only cookie). */
	static String sessionId(TestAppBrowser browser) {
		String cookie = browser.handshakeHeaders().get("Cookie");
		assertThat(cookie).startsWith("SESSION=");
		return new String(Base64.getDecoder().decode(cookie.substring("SESSION=".length()).replace("\"", "")),
				StandardCharsets.UTF_8);
	}

	@Test
	void anotherSpringSessionCannotUseThePage() {
		String id = new TestAppBrowser(this.port).renderPage("/page");
		TestAppBrowser other = new TestAppBrowser(this.port);
		other.renderPage("/page");
		assertThat(other.refusalStatus(id)).isEqualTo(403);
	}

	@Test
	void logoutCalledOverTheSocketIsAnsweredThenClosesEverySocketOfTheSession() {
		// This repository publishes the deletion from within invalidate(), before the answer.
		LifecycleTests.assertLogoutCalledOverTheSocketIsAnsweredThenClosesEverySocketOfTheSession(
				new TestAppBrowser(this.port), "spring-session-logout");
	}

	@Test
	void logoutCalledOverTheSocketWhileAnotherOfItsCallsIsHeldClosesItOnceTheLogoutIsAnswered() {
		LifecycleTests.assertLogoutCalledOverTheSocketWhileAnotherOfItsCallsIsHeldClosesItOnceTheLogoutIsAnswered(
				new TestAppBrowser(this.port), "spring-session-held-logout");
	}

	@Test
	void callOverTheSocketAfterALogoutOverItIsRefusedNotRunWithoutTheSession() {
		LifecycleTests.assertCallOverTheSocketAfterALogoutOverItIsRefused(new TestAppBrowser(this.port),
				new TestAppBrowser(this.port), "spring-session-refused-after-logout");
	}

	@Test
	void twoFirstPagesOfASessionRenderedAtOnceBothConnect() throws Exception {
		assertTwoFirstPagesOfASessionRenderedAtOnceBothConnect(new TestAppBrowser(this.port), "/cart");
	}

	@Test
	void twoFirstPagesOfASessionWithNoSocketKeyRenderedAtOnceBothConnect() throws Exception {
		assertTwoFirstPagesOfASessionRenderedAtOnceBothConnect(new TestAppBrowser(this.port), "/keyless-cart");
	}

	@Test
	void sessionMadeBeforeAnyPageHasItsSocketKeyAlready() {
		assertSessionMadeBeforeAnyPageHasItsSocketKeyAlready(new TestAppBrowser(this.port), this.sessions);
	}

	/**
	 * Make a session with a request that renders no page, and check that it holds a socket key:
	 * the request that creates a session stores it, so that no later request has to.
	 * @param browser a browser with no session yet
	 * @param sessions the application's session repository
	 */
	static void assertSessionMadeBeforeAnyPageHasItsSocketKeyAlready(TestAppBrowser browser,
			SessionRepository<?> sessions) {
		assertThat(browser.post("/cart", "text/plain", "").statusCode()).isEqualTo(200);
		assertThat(sessions.findById(sessionId(browser)).<String>getAttribute(SessionSocketKeys.ATTRIBUTE))
			.matches("[0-9a-f]{64}");
	}

	/**
	 * Make a session before any page, render two pages in it at once, and check that both
	 * pages' sockets connect: Spring Session gives each request a copy of the session, and
	 * both must use the same key.
	 * @param browser a browser with no session yet
	 * @param sessionPath the path of a route that makes the session, posted to first
	 * @throws Exception if a page could not be rendered
	 */
	static void assertTwoFirstPagesOfASessionRenderedAtOnceBothConnect(TestAppBrowser browser, String sessionPath)
			throws Exception {
		assertThat(browser.post(sessionPath, "text/plain", "").statusCode()).isEqualTo(200);
		ExecutorService renderers = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<String> first = renderers.submit(() -> {
				start.await();
				return browser.renderPage("/slow-page?channel=two-first-pages");
			});
			Future<String> second = renderers.submit(() -> {
				start.await();
				return browser.renderPage("/slow-page?channel=two-first-pages");
			});
			start.countDown();
			try (RealtimeTestSocket firstSocket = browser.connect(first.get(10, TimeUnit.SECONDS));
					RealtimeTestSocket secondSocket = browser.connect(second.get(10, TimeUnit.SECONDS))) {
				browser.push("{\"n\":1}", "two-first-pages");
				assertThat(firstSocket.next().get("channel").asString()).isEqualTo("two-first-pages");
				assertThat(secondSocket.next().get("channel").asString()).isEqualTo("two-first-pages");
			}
		}
		finally {
			renderers.shutdownNow();
		}
	}

	@Test
	void loginCalledOverTheSocketIsRefusedAndTheBrowserKeepsItsSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("spring-session-login")) {
			String sessionId = sessionId(browser);
			// A new id would reach the browser only as a cookie over HTTP: its old one would then
			// find no session, and the browser would have lost its session.
			RouteReply reply = socket.call("POST", "/login");
			assertThat(reply.status()).isEqualTo(400);
			assertThat(reply.error()).contains("Log in over HTTP");
			assertThat(this.sessions.findById(sessionId)).as("the browser's session, by the id it knows").isNotNull();
			browser.push("{\"n\":1}", "spring-session-login");
			assertThat(socket.next().get("channel").asString()).isEqualTo("spring-session-login");
		}
	}

	@Test
	void deletingTheSessionAfterItsIdChangedClosesEverySocketOfIt() {
		LifecycleTests.assertSocketsOpenedBeforeAndAfterAnIdChangeCloseWithTheSession(new TestAppBrowser(this.port));
	}

}
