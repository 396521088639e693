package dev.realtime.sample;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

import dev.realtime.boot.test.RealtimeTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's JavaScript client, in a real browser on the chat page, where what a page does
 * with it goes wrong: listeners that throw, a server too busy to run its pings, and an id that
 * the server refuses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(RealtimeClientBrowserTests.SlowRoute.class)
class RealtimeClientBrowserTests extends AbstractChatPageTests {

	// The client's ping interval and how long it waits for the answer, and a little more.
	private static final long PING_DEADLINE_MILLIS = 20_000 + 10_000 + 3_000;

	@BeforeEach
	void holdSlowCalls() {
		SlowRoute.started = new CountDownLatch(16);
		SlowRoute.release = new CountDownLatch(1);
	}

	@AfterEach
	void releaseSlowCalls() {
		SlowRoute.release.countDown();
	}

	@Test
	void aListenerThatThrowsStopsNeitherTheReconnectNorTheOtherHandlers() {
		WebDriver page = this.browsers.openChat();
		JavascriptExecutor js = (JavascriptExecutor) page;
		js.executeScript("""
				window.__received = [];
				window.realtime.on('chat', function () { throw new Error('a bug in one part of the page'); });
				window.realtime.on('chat', function (payload) { window.__received.push(payload.content); });
				window.realtime.addEventListener('close', function () { throw new Error('a bug in the page'); });
				window.__first = window.realtime._socket;
				window.__first.close();
				""");
		new WebDriverWait(page, ChatBrowsers.WAIT)
			.withMessage(() -> "the client did not reconnect; state " + js.executeScript("return window.realtime.state;")
					+ ", socket readyState " + js.executeScript("return window.realtime._socket.readyState;"))
			.until((driver) -> Boolean.TRUE.equals(js.executeScript(
					"return window.realtime._socket !== window.__first && window.realtime._socket.readyState === 1;")));
		ChatBrowsers.awaitState(page, "open");

		new RealtimeTestClient(this.port).postJson("/messages", "{\"content\":\"to every handler\"}");
		ChatBrowsers.awaitMessage(page, "to every handler");
		assertThat(js.executeScript("return window.__received;")).asList().containsExactly("to every handler");
	}

	@Test
	void aPingRefusedByABusyServerIsAnAnswerAndKeepsTheSocket() throws InterruptedException {
		WebDriver page = this.browsers.openChat();
		JavascriptExecutor js = (JavascriptExecutor) page;
		// As many calls in flight as the server allows a socket (realtime.max-in-flight): the
		// client's ping is refused with 429, which still proves that the socket is alive.
		js.executeScript("""
				window.__first = window.realtime._socket;
				window.__slow = [];
				for (let i = 0; i < 16; i++) {
					window.realtime.call('post', '/test/slow').then((reply) => window.__slow.push(reply.status),
							(error) => window.__slow.push(error.message));
				}
				""");
		assertThat(SlowRoute.started.await(ChatBrowsers.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		Thread.sleep(PING_DEADLINE_MILLIS);
		assertThat(js.executeScript("return window.__slow;")).as("calls settled before their replies").asList().isEmpty();
		assertThat(js.executeScript("return window.realtime._socket === window.__first;"))
			.as("the client kept its socket").isEqualTo(true);

		SlowRoute.release.countDown();
		new WebDriverWait(page, ChatBrowsers.WAIT)
			.until((driver) -> Long.valueOf(16).equals(js.executeScript("return window.__slow.length;")));
		assertThat(js.executeScript("return window.__slow;")).asList().containsOnly(200L);
	}

	@Test
	void aClientWhoseFirstSocketIsRefusedConnectsWithAFreshIdWithoutWaitingOutTheResumeWindow() {
		// The page without a client of its own: its id is left alone, and the one given here was
		// never issued, so the server refuses the handshake (403), as it does an expired id or
		// one issued for another socket key.
		WebDriver page = this.browsers.open("/?connect=false", "closed");
		JavascriptExecutor js = (JavascriptExecutor) page;
		String neverIssued = "f".repeat(64);
		js.executeScript("""
				window.__renewed = [];
				window.__client = Realtime.connect({ connectionId: arguments[0] });
				window.__client.addEventListener('renewed', (event) => window.__renewed.push(event.connectionId));
				""", neverIssued);
		// Well within the resume window (30 s by default), which a refused first socket used to wait out.
		new WebDriverWait(page, ChatBrowsers.WAIT)
			.withMessage(() -> "the client did not connect; state " + js.executeScript("return window.__client.state;")
					+ ", id " + js.executeScript("return window.__client.connectionId;"))
			.until((driver) -> "open".equals(js.executeScript("return window.__client.state;")));
		Object freshId = js.executeScript("return window.__client.connectionId;");
		assertThat(freshId).asString().matches("[0-9a-f]{64}").isNotEqualTo(neverIssued);
		assertThat(js.executeScript("return window.__renewed;")).asList().containsExactly(freshId);
	}

	@Test
	void aFormGivenToACallAsFormDataPostsItsFields() {
		WebDriver page = this.browsers.openChat();
		JavascriptExecutor js = (JavascriptExecutor) page;
		// As fetch takes a form: JSON writes a FormData as {}, which posted no content.
		js.executeScript("""
				document.getElementById('content').value = 'from the form itself';
				window.__reply = null;
				window.realtime.call('post', '/messages', new FormData(document.getElementById('message-form')))
					.then((reply) => window.__reply = reply.status + ' ' + reply.body, (error) => window.__reply = error.message);
				""");
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> js.executeScript("return window.__reply;") != null);
		assertThat(js.executeScript("return window.__reply;")).asString().startsWith("201 ");
		ChatBrowsers.awaitMessage(page, "from the form itself");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@RestController
	static class SlowRoute {

		static volatile CountDownLatch started = new CountDownLatch(16);

		static volatile CountDownLatch release = new CountDownLatch(1);

		@PostMapping("/test/slow")
		String slow() throws InterruptedException {
			started.countDown();
			release.await(60, TimeUnit.SECONDS);
			return "done";
		}

	}

}
