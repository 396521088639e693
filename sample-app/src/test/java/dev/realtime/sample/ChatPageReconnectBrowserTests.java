package dev.realtime.sample;

import java.time.Duration;

import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.test.RealtimeTestClient;

import static dev.realtime.sample.ChatBrowsers.awaitMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client, in a real browser, when its socket drops: within the resume window it
 * comes back with the same id and its subscriptions; when its id died it gets a fresh one
 * instead of retrying forever, and the page joins its channels again. So does a page left and
 * restored from the browser's back/forward cache.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "realtime.resume-window=3s")
@Import(ChatPageReconnectBrowserTests.SocketDropper.class)
class ChatPageReconnectBrowserTests extends AbstractChatPageTests {

	@Test
	void aDroppedSocketComesBackWithItsIdAndSubscriptionsWithinTheResumeWindow() {
		WebDriver page = this.browsers.openChat();
		String id = connectionId(page);

		((JavascriptExecutor) page).executeScript("window.realtime._socket.close();");
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> "connecting".equals(state(driver))
				|| "open".equals(state(driver)));
		ChatBrowsers.awaitState(page, "open");
		assertThat(connectionId(page)).isEqualTo(id);

		// No join was called again: the subscription to "chat" came back with the id.
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> {
			new RealtimeTestClient(this.port).postJson("/messages", "{\"content\":\"after the resume\"}");
			return !ChatBrowsers.messages(driver).isEmpty();
		});
		awaitMessage(page, "after the resume");
	}

	@Test
	void aPageWhoseIdDiedGetsAFreshOneAndJoinsItsChannelsAgain() {
		WebDriver page = this.browsers.openChat();
		String firstId = connectionId(page);

		// Closes the sockets of the page's HTTP session and forgets their ids at once: they
		// cannot be resumed. Asked by the page itself, so that the server finds the session by
		// its cookie (whose value is not the session id on every container: Jetty's adds the
		// node's name).
		Object status = ((JavascriptExecutor) page).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/test/session/drop', { method: 'POST' }).then((r) => done(r.status), (e) => done(String(e)));
				""");
		assertThat(status).isEqualTo(200L);

		new WebDriverWait(page, ChatBrowsers.WAIT)
			.until((driver) -> !firstId.equals(connectionId(driver)) && "open".equals(state(driver)));
		assertThat(connectionId(page)).matches("[0-9a-f]{64}");

		// The page joined "chat" again with its fresh id: a message posted elsewhere reaches it.
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> {
			new RealtimeTestClient(this.port).postJson("/messages", "{\"content\":\"after the renewal\"}");
			return !ChatBrowsers.messages(driver).isEmpty();
		});
		awaitMessage(page, "after the renewal");
	}

	// Chromium now closes a page's open WebSockets itself as it puts the page in its back/forward
	// cache; before, as Firefox still does, it kept no such page there ("websocket" among the
	// reasons it was not restored), unless the page closed them on pagehide. These tests open a
	// Chromium that behaves as before.
	private static final String[] KEEPING_NO_PAGE_WITH_AN_OPEN_WEBSOCKET = {
			"--disable-features=DisconnectWebSocketOnBFCache" };

	@Test
	void aPageRestoredFromTheBackForwardCacheComesBackWithItsIdAndSubscriptions() throws InterruptedException {
		WebDriver page = this.browsers.open("/", "open", KEEPING_NO_PAGE_WITH_AN_OPEN_WEBSOCKET);
		String id = connectionId(page);

		leaveAndComeBack(page, Duration.ZERO);
		ChatBrowsers.awaitState(page, "open");
		assertThat(connectionId(page)).isEqualTo(id);

		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> {
			new RealtimeTestClient(this.port).postJson("/messages", "{\"content\":\"after the restore\"}");
			return !ChatBrowsers.messages(driver).isEmpty();
		});
		awaitMessage(page, "after the restore");
	}

	@Test
	void aPageRestoredFromTheBackForwardCacheAfterTheResumeWindowGetsAFreshIdAndJoinsItsChannelsAgain()
			throws InterruptedException {
		WebDriver page = this.browsers.open("/", "open", KEEPING_NO_PAGE_WITH_AN_OPEN_WEBSOCKET);
		String firstId = connectionId(page);

		// Longer than the resume window (3 s here): the id died while the page was away.
		leaveAndComeBack(page, Duration.ofSeconds(4));
		new WebDriverWait(page, ChatBrowsers.WAIT)
			.until((driver) -> !firstId.equals(connectionId(driver)) && "open".equals(state(driver)));

		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> {
			new RealtimeTestClient(this.port).postJson("/messages", "{\"content\":\"after the renewal\"}");
			return !ChatBrowsers.messages(driver).isEmpty();
		});
		awaitMessage(page, "after the renewal");
	}

	// Leaves the page for another page of the application, and comes back to it with the browser's
	// back button, from its back/forward cache: the page's scripts go on where they were, and no
	// page is loaded again.
	private void leaveAndComeBack(WebDriver page, Duration away) throws InterruptedException {
		JavascriptExecutor js = (JavascriptExecutor) page;
		js.executeScript("window.addEventListener('pageshow', (event) => { window.__restored = event.persisted; });");
		page.navigate().to("http://localhost:" + this.port + "/?connect=false");
		ChatBrowsers.awaitState(page, "closed");
		Thread.sleep(away.toMillis());
		page.navigate().back();
		new WebDriverWait(page, ChatBrowsers.WAIT)
			.withMessage(() -> "the page was loaded again instead of restored from the back/forward cache: "
					+ js.executeScript("return JSON.stringify(performance.getEntriesByType('navigation')[0].notRestoredReasons);"))
			.until((driver) -> Boolean.TRUE.equals(js.executeScript("return window.__restored === true;")));
	}

	private static String connectionId(WebDriver page) {
		return String.valueOf(((JavascriptExecutor) page).executeScript("return window.realtime.connectionId;"));
	}

	private static String state(WebDriver page) {
		return String.valueOf(((JavascriptExecutor) page).executeScript("return window.realtime.state;"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	@RestController
	static class SocketDropper {

		private final LiveConnections connections;

		SocketDropper(LiveConnections connections) {
			this.connections = connections;
		}

		@PostMapping("/test/session/drop")
		String drop(HttpSession session) {
			this.connections.closeSession(SessionSocketKeys.sessionDigest(SessionSocketKeys.getOrCreate(session)));
			return "dropped";
		}

	}

}
