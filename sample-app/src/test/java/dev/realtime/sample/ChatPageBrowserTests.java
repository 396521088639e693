package dev.realtime.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.support.Browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chat page in a real browser: Debian's headless Chromium, driven by Selenium through
 * Debian's chromedriver. Selenium Manager is never asked for a driver or a browser.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatPageBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(10);

	// Selenium warns, once per browser, that it has no DevTools (CDP) support for this
	// Chromium's version; these tests use WebDriver only. Held here: JUL keeps loggers weakly.
	private static final List<Logger> QUIETED = Stream.of("org.openqa.selenium.devtools.CdpVersionFinder",
			"org.openqa.selenium.chromium.ChromiumDriver")
		.map(Logger::getLogger)
		.toList();

	@LocalServerPort
	int port;

	@TempDir
	Path profiles;

	private final List<WebDriver> drivers = new ArrayList<>();

	@BeforeAll
	static void chromiumAndChromedriverAreInstalled() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail("The browser tests need Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
					+ ": install them with 'apt-get update && apt-get install -y chromium chromium-driver' "
					+ "(.ci/run does this)");
		}
		QUIETED.forEach((logger) -> logger.setLevel(Level.SEVERE));
		// Selenium Manager is skipped when the driver's path is given.
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
	}

	@AfterEach
	void quitBrowsers() {
		this.drivers.forEach(WebDriver::quit);
	}

	@Test
	void aMessagePostedThroughOnePageShowsUpLiveInTheOther() throws IOException {
		WebDriver alice = openChat();
		WebDriver bob = openChat();

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
	void aRefusedMessageShowsTheServersErrorOnThePage() {
		WebDriver page = openChat();
		WebElement field = page.findElement(By.id("content"));
		((JavascriptExecutor) page).executeScript("arguments[0].value = '   ';", field);
		page.findElement(By.id("send")).click();
		// "required" does not refuse blank text; the server does.
		WebElement error = page.findElement(By.id("form-error"));
		new WebDriverWait(page, WAIT).until((driver) -> error.isDisplayed());
		assertThat(error.getText()).isEqualTo("content must not be empty or blank");
		assertThat(page.findElements(By.cssSelector("#messages .message"))).isEmpty();
	}

	@Test
	void theGuidesSnippetPastedIntoThePageLogsPushedMessages() throws IOException {
		// A connection id is held by one socket at a time: this page leaves its own to the snippet.
		WebDriver page = open("/?connect=false", "closed");
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
		new WebDriverWait(page, WAIT).until((driver) -> logs(driver).contains("socket opened"));

		HttpResponse<String> posted = new Browser(this.port).postJson("/messages",
				"{\"content\":\"Pushed to the guide's snippet\"}");
		assertThat(posted.statusCode()).isEqualTo(201);
		JsonNode expected = JsonMapper.shared()
			.readTree("{\"channel\":\"chat\",\"payload\":" + posted.body() + "}");
		new WebDriverWait(page, WAIT).until((driver) -> logs(driver).stream()
			.filter((entry) -> entry.startsWith("{"))
			.map((entry) -> JsonMapper.shared().readTree(entry))
			.anyMatch(expected::equals));
		assertThat(logs(page)).containsSubsequence("socket opened", "socket message", expected.toString());
	}

	private WebDriver openChat() {
		return open("/", "open");
	}

	private WebDriver open(String path, String state) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=900,640",
				"--user-data-dir=" + this.profiles.resolve("profile-" + this.drivers.size()));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		this.drivers.add(driver);
		driver.get("http://localhost:" + this.port + path);
		new WebDriverWait(driver, WAIT).until((ignored) -> state
			.equals(driver.findElement(By.id("status")).getAttribute("data-state")));
		return driver;
	}

	private static void send(WebDriver page, String message) {
		WebElement field = page.findElement(By.id("content"));
		field.sendKeys(message);
		page.findElement(By.id("send")).click();
	}

	private static WebElement awaitMessage(WebDriver page, String content) {
		return new WebDriverWait(page, WAIT).until((driver) -> driver.findElements(By.cssSelector("#messages .message"))
			.stream()
			.filter((message) -> content.equals(message.findElement(By.cssSelector(".content")).getText()))
			.findFirst()
			.orElse(null));
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

}
