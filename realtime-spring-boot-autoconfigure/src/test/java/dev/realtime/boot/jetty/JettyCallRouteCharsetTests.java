package dev.realtime.boot.jetty;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static dev.realtime.boot.route.CallRouteCharsetTests.assertAnsweredAsOverHttp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Jetty, what {@code CallRouteCharsetTests} checks on Tomcat: the text of a reply is what an
 * HTTP client decodes from the same route over HTTP. Jetty writes JSON in UTF-8 without naming
 * it, even where a charset was set before, and maps no locale to a charset of its own.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Tag("jetty")
class JettyCallRouteCharsetTests {

	@LocalServerPort
	int port;

	@Test
	void writerWithoutACharsetWritesJettysDefaultForItsContentType() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(assertAnsweredAsOverHttp(browser, socket, "/route-edge/charset/writer?type=text/plain"))
				.isEqualTo("café ?");
			assertThat(assertAnsweredAsOverHttp(browser, socket, "/route-edge/charset/writer?type=text/html"))
				.isEqualTo("café ?");
			assertThat(assertAnsweredAsOverHttp(browser, socket, "/route-edge/charset/writer?type=application/json"))
				.isEqualTo("café €");
			assertThat(assertAnsweredAsOverHttp(browser, socket, "/route-edge/charset/writer-then-charset"))
				.isEqualTo("café ?");
		}
	}

	@Test
	void jsonTakesUtf8InPlaceOfACharsetSetBefore() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(assertAnsweredAsOverHttp(browser, socket,
					"/route-edge/charset/charset-then-type?type=application/json"))
				.isEqualTo("café €");
		}
	}

	@Test
	void charsetThisJvmDoesNotHaveIsAnsweredAsOverHttp() {
		// As on Tomcat: the writer writes nothing and the response goes without a Content-Type;
		// through the stream, the bytes go with the charset named.
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(assertAnsweredAsOverHttp(browser, socket, "/route-edge/charset/unknown")).isEmpty();
			assertThat(assertAnsweredAsOverHttp(browser, socket,
					"/route-edge/charset/writer?type=text/plain;charset%3Dx-unknown"))
				.isEmpty();
			assertThat(assertAnsweredAsOverHttp(browser, socket,
					"/route-edge/charset/stream?type=text/plain;charset%3Dx-unknown&charset=UTF-8"))
				.isEqualTo("café €");
		}
	}

	@Test
	void viewWithoutACharsetWritesTheSpecificationsDefaultWhateverTheLocale() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(assertAnsweredAsOverHttp(browser, socket, "/route-edge/charset/view",
					Map.of("Accept-Language", "en-GB")))
				.isEqualTo("café ?");
		}
	}

}
