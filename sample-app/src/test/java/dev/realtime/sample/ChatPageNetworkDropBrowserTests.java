package dev.realtime.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page when its network drops without a word: nothing closes its socket, nothing
 * arrives. The client finds out by its ping, which goes unanswered, and must then come back
 * with its id within the resume window; when the browser says it is online again, it pings at
 * once. The page reaches the application through a proxy that
 * stops passing the bytes of the connections open so far, as a dropped network does, and
 * passes those of new ones.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.ping-interval=2s", "realtime.resume-window=60s" })
class ChatPageNetworkDropBrowserTests extends AbstractChatPageTests {

	// The client pings every 20 s and waits 10 s for the answer; then it may take a few seconds
	// of backoff to connect.
	private static final Duration RECONNECTED_WITHIN = Duration.ofSeconds(20 + 10 + 8);

	@Test
	void aSocketWhoseNetworkDroppedSilentlyComesBackWithItsIdOnceItsPingGoesUnanswered() throws IOException {
		try (TcpProxy proxy = new TcpProxy(this.port);
				ChatBrowsers viaProxy = new ChatBrowsers(proxy.port(), this.profiles.resolve("via-proxy"))) {
			WebDriver page = viaProxy.openChat();
			JavascriptExecutor js = (JavascriptExecutor) page;
			String id = String.valueOf(js.executeScript("window.__first = window.realtime._socket;"
					+ " return window.realtime.connectionId;"));

			proxy.silenceOpenConnections();

			new WebDriverWait(page, RECONNECTED_WITHIN)
				.withMessage(() -> "the client did not reconnect; state " + js.executeScript("return window.realtime.state;")
						+ ", readyState of its socket " + js.executeScript("return window.realtime._socket.readyState;"))
				.until((driver) -> Boolean.TRUE.equals(js.executeScript("return window.realtime._socket !== window.__first"
						+ " && window.realtime._socket.readyState === 1 && window.realtime.state === 'open';")));
			assertThat(js.executeScript("return window.realtime.connectionId;")).as("connection id").isEqualTo(id);
		}
	}

	@Test
	void aSocketWhoseNetworkDroppedSilentlyComesBackWithItsIdAsSoonAsTheBrowserIsOnlineAgain() throws IOException {
		try (TcpProxy proxy = new TcpProxy(this.port);
				ChatBrowsers viaProxy = new ChatBrowsers(proxy.port(), this.profiles.resolve("via-proxy"))) {
			WebDriver page = viaProxy.openChat();
			JavascriptExecutor js = (JavascriptExecutor) page;
			String id = String.valueOf(js.executeScript("window.__first = window.realtime._socket;"
					+ " return window.realtime.connectionId;"));

			// A laptop that slept, or a network that changed: the browser was offline and says it
			// is back, while its socket's peer is gone.
			proxy.silenceOpenConnections();
			emulateNetwork(page, true);
			emulateNetwork(page, false);

			// The client's ping timeout, and a little backoff: well before its ping cycle (20 s)
			// and the ping's timeout (10 s) would have found the socket dead.
			new WebDriverWait(page, Duration.ofSeconds(10 + 5))
				.withMessage(() -> "the client did not reconnect once online; state "
						+ js.executeScript("return window.realtime.state;") + ", readyState of its socket "
						+ js.executeScript("return window.realtime._socket.readyState;"))
				.until((driver) -> Boolean.TRUE.equals(js.executeScript("return window.realtime._socket !== window.__first"
						+ " && window.realtime._socket.readyState === 1 && window.realtime.state === 'open';")));
			assertThat(js.executeScript("return window.realtime.connectionId;")).as("connection id").isEqualTo(id);
		}
	}

	// Chromium's own offline switch, which fires the page's offline and online events.
	private static void emulateNetwork(WebDriver page, boolean offline) {
		((ChromeDriver) page).executeCdpCommand("Network.emulateNetworkConditions",
				Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
	}

}
