package dev.realtime.boot.route;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text of a reply is what an HTTP client decodes from the same route over HTTP, whatever
 * charset the route writes in, named or not: here by Tomcat's rules, the servlet
 * specification's, with Spring Boot's locale charsets ({@code JettyCallRouteCharsetTests}:
 * Jetty's). The text is "café €", of which ISO-8859-1 has the é and not the euro sign.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.encoding.mapping.pt=windows-1252")
public class CallRouteCharsetTests {

	private static final AtomicInteger calls = new AtomicInteger();

	@RegisterExtension
	final OpenedPage page = new OpenedPage();

	@Test
	void writerWithoutACharsetWritesTheSpecificationsDefaultAndNamesIt() {
		for (String type : new String[] { "text/plain", "text/html", "application/json" }) {
			assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), writer(type)))
				.as(type).isEqualTo("café ?");
		}
	}

	@Test
	void charsetNamedAfterTheWriterIsHandedOutIsIgnored() {
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(),
				"/route-edge/charset/writer-then-charset"))
			.isEqualTo("café ?");
	}

	@Test
	void charsetSetBeforeAContentTypeThatNamesNoneStays() {
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(),
				"/route-edge/charset/charset-then-type?type=application/json"))
			.isEqualTo("café €");
	}

	@Test
	void streamIsReadInTheCharsetTheContentTypeNamesAndWithoutOneAsUtf8() {
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(),
				stream("text/plain;charset=windows-1252", "windows-1252")))
			.isEqualTo("café €");
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(),
				stream("text/plain", "ISO-8859-1")))
			.isEqualTo("caf\uFFFD ?");
	}

	@Test
	void charsetThisJvmDoesNotHaveIsAnsweredAsOverHttp() {
		// Tomcat logs it and keeps it: its writer then writes nothing, and the response goes
		// without a Content-Type; through the stream, the bytes go with the charset named.
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), "/route-edge/charset/unknown"))
			.isEmpty();
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(),
				writer("text/plain;charset=x-unknown")))
			.isEmpty();
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(),
				stream("text/plain;charset=x-unknown", "UTF-8")))
			.isEqualTo("café €");
	}

	@Test
	void viewWithoutACharsetWritesTheCharsetOfTheResponsesLocale() {
		// Spring MVC sets the locale of the response that a view renders; Boot maps English,
		// French and Japanese to UTF-8 on Tomcat, and the application here Portuguese to
		// windows-1252. Other locales get the specification's default.
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), "/route-edge/charset/view",
				Map.of("Accept-Language", "en-GB")))
			.isEqualTo("café €");
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), "/route-edge/charset/view",
				Map.of("Accept-Language", "pt")))
			.isEqualTo("café €");
		assertThat(assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), "/route-edge/charset/view",
				Map.of("Accept-Language", "de")))
			.isEqualTo("café ?");
	}

	static String writer(String type) {
		return "/route-edge/charset/writer?type=" + encode(type);
	}

	static String stream(String type, String charset) {
		return "/route-edge/charset/stream?type=" + encode(type) + "&charset=" + charset;
	}

	/**
	 * Call a route over HTTP and over the socket, and check that the socket's reply has the
	 * status, the content type and the text that the HTTP client got (Java's, which reads a
	 * body in the charset its content type names, and without one as UTF-8).
	 * @param browser the HTTP client
	 * @param socket the socket
	 * @param uri the route's path and query
	 * @return the text
	 */
	public static String assertAnsweredAsOverHttp(TestAppBrowser browser, RealtimeTestSocket socket, String uri) {
		return assertAnsweredAsOverHttp(browser, socket, uri, Map.of());
	}

	/**
	 * Call a route with the given headers over HTTP and over the socket, and check that the
	 * socket's reply has the status, the content type and the text that the HTTP client got.
	 * @param browser the HTTP client
	 * @param socket the socket
	 * @param uri the route's path and query
	 * @param headers the request's headers
	 * @return the text
	 */
	public static String assertAnsweredAsOverHttp(TestAppBrowser browser, RealtimeTestSocket socket, String uri,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(browser.uri(uri)).GET();
		headers.forEach(request::header);
		HttpResponse<String> overHttp = browser.send(request.build());
		ObjectNode message = RouteCalls.message("charset-" + calls.incrementAndGet(), "GET", uri);
		ObjectNode callHeaders = message.putObject("headers");
		headers.forEach(callHeaders::put);
		JsonNode reply = RouteCalls.call(socket, message);
		String described = uri + " " + headers;
		assertThat(reply.get("status").asInt()).as(described).isEqualTo(overHttp.statusCode());
		assertThat(reply.get("body").asString()).as(described).isEqualTo(overHttp.body());
		assertThat(contentType(reply)).as(described)
			.isEqualToIgnoringCase(overHttp.headers().firstValue("Content-Type").orElse(null));
		return overHttp.body();
	}

	private static @Nullable String contentType(JsonNode reply) {
		for (Map.Entry<String, JsonNode> header : reply.get("headers").properties()) {
			if (header.getKey().equalsIgnoreCase("Content-Type")) {
				return header.getValue().asString();
			}
		}
		return null;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
