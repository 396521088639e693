package dev.realtime.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.RealtimeSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages that come in without a full load, as htmx's boost and Turbo Drive bring them, in a real
 * browser: the page's client follows each page to its connection id, which its controller
 * subscribed, and gives up the id of the page before.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(PageSwapBrowserTests.SwapPages.class)
class PageSwapBrowserTests extends AbstractChatPageTests {

	@Autowired
	RealtimePublisher publisher;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "htmx", "turbo" })
	void aPageSwappedInReceivesThePushesToItsChannelsAndNoLongerThoseOfThePageBefore(String library) {
		WebDriver page = this.browsers.open("/swap/" + library + "/first", "open");
		JavascriptExecutor js = (JavascriptExecutor) page;
		js.executeScript("window.__notReloaded = true; window.__firstSocket = window.realtime._socket;");

		goToTheSecondPage(page);
		this.publisher.push(Map.of("text", "to the first page"), "first");
		this.publisher.push(Map.of("text", "to the second page"), "second");
		awaitReceived(page, "second: to the second page");
		// Pushed first, on one instance: it would have come before.
		assertThat(received(page)).containsExactly("second: to the second page");
		assertThat(js.executeScript("return window.__firstSocket.readyState;")).as("the first page's socket, closed")
			.isEqualTo(3L);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "htmx", "turbo" })
	void goingBackToAPageFromTheCacheOfTheLibraryGetsItsPushesAgain(String library) {
		WebDriver page = this.browsers.open("/swap/" + library + "/first", "open");
		JavascriptExecutor js = (JavascriptExecutor) page;
		Object firstId = js.executeScript("return window.realtime.connectionId;");
		js.executeScript("window.__notReloaded = true;");
		goToTheSecondPage(page);

		// Within the resume window, the first page's id comes back with its subscriptions: the
		// library shows the page from its cache, without asking the server.
		page.navigate().back();
		awaitPage(page, "first");
		awaitClientOn(page, firstId);
		this.publisher.push(Map.of("text", "to the second page"), "second");
		this.publisher.push(Map.of("text", "to the first page"), "first");
		awaitReceived(page, "first: to the first page");
		assertThat(received(page)).containsExactly("first: to the first page");
	}

	@Test
	void aPageRefreshedByTurboMorphingItReceivesThePushesToItsNewId() {
		WebDriver page = this.browsers.open("/swap/turbo-morph/first", "open");
		JavascriptExecutor js = (JavascriptExecutor) page;
		String firstId = page.findElement(By.id("connection")).getText();
		js.executeScript("window.__notReloaded = true; window.__firstSocket = window.realtime._socket;"
				+ " window.__body = document.body;");

		// A visit that replaces the page with itself is a refresh, which Turbo 8 morphs into the
		// page there is: the same <body>, whose id attribute changes.
		js.executeScript("Turbo.visit(window.location.href, { action: 'replace' });");
		new WebDriverWait(page, ChatBrowsers.WAIT).ignoring(StaleElementReferenceException.class)
			.until((driver) -> !firstId.equals(driver.findElement(By.id("connection")).getText()));
		assertThat(js.executeScript("return window.__notReloaded === true && window.__body === document.body;"))
			.as("morphed into the same <body>, without a full load")
			.isEqualTo(true);
		awaitClientOn(page, page.findElement(By.id("connection")).getText());
		this.publisher.push(Map.of("text", "to the refreshed page"), "first");
		awaitReceived(page, "first: to the refreshed page");
		// Once, on the new id's socket: the first page's socket is closed.
		assertThat(received(page)).containsExactly("first: to the refreshed page");
		assertThat(js.executeScript("return window.__firstSocket.readyState;")).as("the first page's socket, closed")
			.isEqualTo(3L);
	}

	private void goToTheSecondPage(WebDriver page) {
		JavascriptExecutor js = (JavascriptExecutor) page;
		page.findElement(By.id("next")).click();
		awaitPage(page, "second");
		assertThat(js.executeScript("return window.__notReloaded === true;")).as("swapped in without a full load")
			.isEqualTo(true);
		awaitClientOn(page, page.findElement(By.id("connection")).getText());
	}

	private static void awaitPage(WebDriver page, String channel) {
		// The page may swap the element out between finding it and reading it.
		new WebDriverWait(page, ChatBrowsers.WAIT).ignoring(StaleElementReferenceException.class)
			.until((driver) -> channel.equals(driver.findElement(By.id("page")).getText()));
	}

	// Once the socket is open with the page's id, a ping's reply tells that the server has bound
	// it: every push after that reaches it.
	private static void awaitClientOn(WebDriver page, Object connectionId) {
		JavascriptExecutor js = (JavascriptExecutor) page;
		new WebDriverWait(page, ChatBrowsers.WAIT)
			.withMessage(() -> "the client is " + js.executeScript("return window.realtime.state;") + " with id "
					+ js.executeScript("return window.realtime.connectionId;") + ", the page's id is " + connectionId)
			.until((driver) -> Boolean.TRUE.equals(js.executeScript(
					"return window.realtime.state === 'open' && window.realtime.connectionId === arguments[0];",
					connectionId)));
		page.manage().timeouts().scriptTimeout(ChatBrowsers.WAIT);
		Object reply = js.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				window.realtime.send({ action: 'ping' }).then((frame) => done(frame.body), (error) => done(error.message));
				""");
		assertThat(reply).isEqualTo("pong");
	}

	private static void awaitReceived(WebDriver page, String push) {
		new WebDriverWait(page, ChatBrowsers.WAIT).withMessage(() -> "received " + received(page))
			.until((driver) -> received(driver).contains(push));
	}

	private static List<String> received(WebDriver page) {
		List<?> received = (List<?>) ((JavascriptExecutor) page).executeScript("return window.received;");
		return received.stream().map(String::valueOf).toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Controller
	static class SwapPages {

		private final RealtimeSocket socket;

		SwapPages(RealtimeSocket socket) {
			this.socket = socket;
		}

		@GetMapping("/swap/{library}/{channel}")
		String page(@PathVariable String library, @PathVariable String channel, Model model) {
			this.socket.subscribe(channel);
			model.addAttribute("library", library);
			model.addAttribute("channel", channel);
			return "swap/page";
		}

	}

}
