package dev.realtime.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Chat pages in real browsers: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver, one browser profile (cookies, session) per page. Selenium Manager is never
 * asked for a driver or a browser.
 */
final class ChatBrowsers implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(10);

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	// Selenium warns, once per browser, that it has no DevTools (CDP) support for this
	// Chromium's version; these tests use WebDriver only. Held here: JUL keeps loggers weakly.
	private static final List<Logger> QUIETED = Stream.of("org.openqa.selenium.devtools.CdpVersionFinder",
			"org.openqa.selenium.chromium.ChromiumDriver")
		.map(Logger::getLogger)
		.toList();

	private final int port;

	private final Path profiles;

	private final List<WebDriver> drivers = new ArrayList<>();

	ChatBrowsers(int port, Path profiles) {
		this.port = port;
		this.profiles = profiles;
	}

	static void requireChromium() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail("The browser tests need Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
					+ ": install them with 'apt-get update && apt-get install -y chromium chromium-driver' "
					+ "(.ci/run does this)");
		}
		QUIETED.forEach((logger) -> logger.setLevel(Level.SEVERE));
		// Selenium Manager is skipped when the driver's path is given.
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
	}

	WebDriver openChat() {
		return open("/", "open");
	}

	WebDriver open(String path, String state, String... chromiumArguments) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=900,640",
				"--user-data-dir=" + this.profiles.resolve("profile-" + this.drivers.size()));
		options.addArguments(chromiumArguments);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		this.drivers.add(driver);
		driver.get("http://localhost:" + this.port + path);
		awaitState(driver, state);
		return driver;
	}

	static void awaitState(WebDriver page, String state) {
		new WebDriverWait(page, WAIT)
			.until((driver) -> state.equals(driver.findElement(By.id("status")).getAttribute("data-state")));
	}

	static void send(WebDriver page, String message) {
		WebElement field = page.findElement(By.id("content"));
		field.sendKeys(message);
		page.findElement(By.id("send")).click();
	}

	static void joinRoom(WebDriver page, String room) {
		page.findElement(By.id("room-name")).sendKeys(room);
		page.findElement(By.id("join-room")).click();
		new WebDriverWait(page, WAIT).until((driver) -> "true".equals(driver
			.findElement(By.cssSelector(".room-tab[data-channel='room:" + room + "']"))
			.getAttribute("aria-pressed")));
	}

	static WebElement awaitMessage(WebDriver page, String content) {
		return new WebDriverWait(page, WAIT).until((driver) -> driver.findElements(By.cssSelector("#messages .message"))
			.stream()
			.filter((message) -> content.equals(message.findElement(By.cssSelector(".content")).getText()))
			.findFirst()
			.orElse(null));
	}

	static List<String> messages(WebDriver page) {
		return page.findElements(By.cssSelector("#messages .message .content")).stream().map(WebElement::getText).toList();
	}

	@Override
	public void close() {
		this.drivers.forEach(WebDriver::quit);
	}

}
