package dev.realtime.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.realtime.boot.test.RealtimeTestClient;

import static dev.realtime.sample.ChatBrowsers.awaitMessage;
import static dev.realtime.sample.ChatBrowsers.joinRoom;
import static dev.realtime.sample.ChatBrowsers.messages;
import static dev.realtime.sample.ChatBrowsers.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in a real browser, on the starter's JavaScript client: messages and rooms go
 * over the socket with call-route.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ChatPageBrowserTests.HeldMessages.class)
class ChatPageBrowserTests extends AbstractChatPageTests {

	@Test
	void aMessagePostedThroughOnePageShowsUpLiveInTheOther() throws IOException {
		WebDriver alice = this.browsers.openChat();
		WebDriver bob = this.browsers.openChat();

		send(alice, "Hello from Alice!");
		WebElement shown = awaitMessage(bob, "Hello from Alice!");
		String sentAt = shown.findElement(By.cssSelector("time.sent-at")).getAttribute("datetime");
		assertThat(Instant.parse(Objects.requireNonNull(sentAt))).isBefore(Instant.now().plusSeconds(1));
		awaitMessage(alice, "Hello from Alice!");

		send(bob, "Hi Alice, it arrived before you could blink.");
		awaitMessage(alice, "Hi Alice, it arrived before you could blink.");
		awaitMessage(bob, "Hi Alice, it arrived before you could blink.");
		assertThat(alice.findElement(By.id("content")).getAttribute("value")).isEmpty();
		assertThat(bob.findElements(By.cssSelector("#messages .message"))).hasSize(2);

		Path screenshot = Path.of(System.getProperty("basedir", "."), "target", "chat.png");
		Files.createDirectories(screenshot.getParent());
		Files.copy(((TakesScreenshot) bob).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
				StandardCopyOption.REPLACE_EXISTING);
	}

	@Test
	void aRoomJoinedInOnePageIsPrivateToIt() {
		WebDriver alice = this.browsers.openChat();
		WebDriver bob = this.browsers.openChat();

		joinRoom(alice, "secret");
		send(alice, "For the room only");
		WebElement roomMessage = awaitMessage(alice, "For the room only");
		assertThat(roomMessage.getAttribute("data-channel")).isEqualTo("room:secret");

		// Pushed after the room's message: had Bob been in the room, he would have had it first.
		send(bob, "Hello everyone");
		awaitMessage(bob, "Hello everyone");
		awaitMessage(alice, "Hello everyone");
		assertThat(messages(bob)).containsExactly("Hello everyone");

		joinRoom(bob, "secret");
		send(bob, "Bob joined the room");
		assertThat(awaitMessage(alice, "Bob joined the room").getAttribute("data-channel")).isEqualTo("room:secret");
	}

	@Test
	void aRefusedMessageShowsTheServersErrorOnThePage() {
		WebDriver page = this.browsers.openChat();
		WebElement field = page.findElement(By.id("content"));
		((JavascriptExecutor) page).executeScript("arguments[0].value = '   ';", field);
		page.findElement(By.id("send")).click();
		// "required" does not refuse blank text; the server does.
		WebElement error = page.findElement(By.id("form-error"));
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> error.isDisplayed());
		assertThat(error.getText()).isEqualTo("content must not be empty or blank");
		assertThat(page.findElements(By.cssSelector("#messages .message"))).isEmpty();
	}

	@Test
	void enterPressedAgainWhileAMessageIsOnItsWaySendsItOnce() throws InterruptedException {
		WebDriver page = this.browsers.openChat();
		WebElement field = page.findElement(By.id("content"));
		CountDownLatch release = HeldMessages.hold();
		try {
			field.sendKeys("Only once");
			field.sendKeys(Keys.ENTER);
			assertThat(HeldMessages.arrived.await(ChatBrowsers.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			// The Send button is disabled while the message is on its way; Enter is pressed again.
			field.sendKeys(Keys.ENTER);
		}
		finally {
			release.countDown();
		}
		awaitMessage(page, "Only once");
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> field.getAttribute("value").isEmpty());
		send(page, "Then another");
		awaitMessage(page, "Then another");
		assertThat(messages(page)).containsExactly("Only once", "Then another");
	}

	@Test
	void theGuidesSnippetPastedIntoThePageLogsPushedMessages() throws IOException {
		// A connection id is held by one socket at a time: this page leaves its own to the snippet.
		WebDriver page = this.browsers.open("/?connect=false", "closed");
		JavascriptExecutor js = (JavascriptExecutor) page;
		js.executeScript("""
				window.__logs = [];
				console.log = function () {
					window.__logs.push(Array.prototype.map.call(arguments, function (value) {
						return (typeof value === 'string') ? value : JSON.stringify(value);
					}).join(' '));
				};
				""");

		js.executeScript(guideSnippet());
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> logs(driver).contains("socket opened"));

		HttpResponse<String> posted = new RealtimeTestClient(this.port).postJson("/messages",
				"{\"content\":\"Pushed to the guide's snippet\"}");
		assertThat(posted.statusCode()).isEqualTo(201);
		JsonNode expected = JsonMapper.shared()
			.readTree("{\"channel\":\"chat\",\"payload\":" + posted.body() + "}");
		new WebDriverWait(page, ChatBrowsers.WAIT).until((driver) -> logs(driver).stream()
			.filter((entry) -> entry.startsWith("{"))
			.map((entry) -> JsonMapper.shared().readTree(entry))
			.anyMatch(expected::equals));
		assertThat(logs(page)).containsSubsequence("socket opened", "socket message", expected.toString());
	}

	@SuppressWarnings("unchecked")
	private static List<String> logs(WebDriver page) {
		Object logs = ((JavascriptExecutor) page).executeScript("return window.__logs;");
		return (logs instanceof List<?> list) ? (List<String>) list : List.of();
	}

	private static String guideSnippet() throws IOException {
		try (InputStream snippet = ChatPageBrowserTests.class.getResourceAsStream("/pakyow-guide-snippet.js")) {
			return new String(Objects.requireNonNull(snippet, "pakyow-guide-snippet.js").readAllBytes(),
					StandardCharsets.UTF_8);
		}
	}

	/**
	 * Holds the posts of chat messages, over HTTP or the socket, once armed, until the test lets
	 * them go: a message that stays on its way for as long as the test needs.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class HeldMessages extends OncePerRequestFilter {

		static volatile CountDownLatch arrived = new CountDownLatch(0);

		static volatile CountDownLatch release = new CountDownLatch(0);

		static CountDownLatch hold() {
			arrived = new CountDownLatch(1);
			release = new CountDownLatch(1);
			return release;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if ("/messages".equals(request.getRequestURI())) {
				arrived.countDown();
				try {
					release.await(ChatBrowsers.WAIT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			chain.doFilter(request, response);
		}

	}

}
