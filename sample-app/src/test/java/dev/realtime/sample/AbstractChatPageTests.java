package dev.realtime.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that open the chat page in real browsers: a fresh set of browsers per test,
 * each with its own profile, all closed afterwards.
 */
abstract class AbstractChatPageTests {

	@LocalServerPort
	int port;

	@TempDir
	Path profiles;

	ChatBrowsers browsers;

	@BeforeAll
	static void chromiumAndChromedriverAreInstalled() {
		ChatBrowsers.requireChromium();
	}

	@BeforeEach
	void openBrowsers() {
		this.browsers = new ChatBrowsers(this.port, this.profiles);
	}

	@AfterEach
	void quitBrowsers() {
		this.browsers.close();
	}

}
