package dev.realtime.boot.session;

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

import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.registry.LifecycleTests;
import dev.realtime.boot.test.RealtimeTestSocket;
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
		String sessionId = new String(java.util.Base64.getDecoder()
			.decode(browser.handshakeHeaders().get("Cookie").substring("SESSION=".length()).replace("\"", "")));
		assertThat(this.sessions.findById(sessionId).<String>getAttribute(SessionSocketKeys.ATTRIBUTE))
			.matches("[0-9a-f]{64}");
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
		TestAppBrowser browser = new TestAppBrowser(this.port);
		// A session with no socket key yet.
		assertThat(browser.post("/cart", "text/plain", "").statusCode()).isEqualTo(200);
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
	void deletingTheSessionAfterItsIdChangedClosesEverySocketOfIt() {
		LifecycleTests.assertSocketsOpenedBeforeAndAfterAnIdChangeCloseWithTheSession(new TestAppBrowser(this.port));
	}

}
