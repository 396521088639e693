package dev.realtime.sample;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.realtime.boot.test.RealtimeTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's JavaScript client, in a real browser on the chat page, where what a page does
 * with it goes wrong.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RealtimeClientBrowserTests extends AbstractChatPageTests {

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

}
