package dev.realtime.boot.testapp;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

import dev.realtime.boot.test.RealtimeTestSocket;

/**
 * The test application's {@code /page}, subscribed to the given channels, opened before each
 * test of a {@code @SpringBootTest} on a random port, its socket closed after it. Register it
 * on an instance field: {@code @RegisterExtension final OpenedPage page = new OpenedPage();}.
 */
public final class OpenedPage implements BeforeEachCallback, AfterEachCallback {

	private final String[] channels;

	private TestAppBrowser browser;

	private RealtimeTestSocket socket;

	/**
	 * The page subscribed to the given channels.
	 * @param channels the channels
	 */
	public OpenedPage(String... channels) {
		this.channels = channels;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		int port = SpringExtension.getApplicationContext(context)
			.getEnvironment()
			.getRequiredProperty("local.server.port", Integer.class);
		this.browser = new TestAppBrowser(port);
		this.socket = this.browser.openPage(this.channels);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		// JUnit calls this also when beforeEach failed, maybe before the socket opened.
		if (this.socket != null) {
			this.socket.close();
		}
	}

	/**
	 * Return the HTTP client that rendered the page, with its session.
	 * @return the client
	 */
	public TestAppBrowser browser() {
		return this.browser;
	}

	/**
	 * Return the page's open socket.
	 * @return the socket
	 */
	public RealtimeTestSocket socket() {
		return this.socket;
	}

}
