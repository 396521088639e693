package dev.realtime.sample;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.RealtimeSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole page whose template is a layout's fragment ({@code "whole-page :: page"}), in a real
 * browser: the starter takes it for a page, and mints its id before rendering, only when the
 * request says that the browser navigated to it ({@code Sec-Fetch-Mode: navigate}), which
 * Chromium must send to {@code localhost} for the page's {@code <head>} to read the id.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WholePageBrowserTests.WholePage.class)
class WholePageBrowserTests extends AbstractChatPageTests {

	@Autowired
	RealtimePublisher publisher;

	@Test
	void aWholePageNamedAsAFragmentReadsItsIdInItsHeadAndItsSocketReceivesPushes() {
		WebDriver page = this.browsers.open("/whole-page", "open");
		JavascriptExecutor js = (JavascriptExecutor) page;
		String fetchMode = page.findElement(By.id("fetch-mode")).getText();
		String inHead = page.findElement(By.cssSelector("meta[name='socket-connection-id']")).getAttribute("content");
		String onBody = page.findElement(By.tagName("body")).getAttribute("data-socket-connection-id");
		assertThat(inHead).as("the id in the <head>, from the model (the request's Sec-Fetch-Mode: %s)", fetchMode)
			.isNotEmpty()
			.isEqualTo(onBody)
			.isEqualTo(js.executeScript("return window.realtime.connectionId;"));

		// The page's controller subscribed nothing, or the request would have had an id however it
		// came: the page joins its channel over its socket.
		page.manage().timeouts().scriptTimeout(ChatBrowsers.WAIT);
		Object joined = js.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				window.realtime.call('post', '/whole-page/join').then((reply) => done(reply.status), (error) => done(error.message));
				""");
		assertThat(joined).isEqualTo(204L);
		this.publisher.push(Map.of("text", "to the whole page"), "whole");
		new WebDriverWait(page, ChatBrowsers.WAIT).withMessage(() -> "received " + received(page))
			.until((driver) -> received(driver).contains("to the whole page"));
	}

	private static List<String> received(WebDriver page) {
		List<?> received = (List<?>) ((JavascriptExecutor) page).executeScript("return window.received;");
		return received.stream().map(String::valueOf).toList();
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Controller
	static class WholePage {

		private final RealtimeSocket socket;

		WholePage(RealtimeSocket socket) {
			this.socket = socket;
		}

		@GetMapping("/whole-page")
		String page(@RequestHeader(name = "Sec-Fetch-Mode", required = false) @Nullable String fetchMode, Model model) {
			model.addAttribute("fetchMode", String.valueOf(fetchMode));
			return "whole-page :: page";
		}

		@PostMapping("/whole-page/join")
		ResponseEntity<Void> join() {
			this.socket.subscribe("whole");
			return ResponseEntity.noContent().build();
		}

	}

}
