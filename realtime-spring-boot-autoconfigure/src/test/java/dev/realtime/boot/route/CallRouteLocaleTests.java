package dev.realtime.boot.route;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static dev.realtime.boot.route.RouteCalls.call;
import static dev.realtime.boot.route.RouteCalls.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The locale of a route called over the socket is the one the same request gets over HTTP:
 * from the call's {@code Accept-Language}, else the handshake's, else the server's default.
 * Run with {@code -DargLine="-Duser.language=de -Duser.country=CH"} the last one compares a
 * default other than English.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CallRouteLocaleTests {

	@LocalServerPort
	int port;

	TestAppBrowser browser;

	@BeforeEach
	void browse() {
		this.browser = new TestAppBrowser(this.port);
	}

	@Test
	void withoutAcceptLanguageTheLocaleIsTheServersDefaultAsOverHttp() {
		try (RealtimeTestSocket socket = connect(null)) {
			assertThat(overSocket(socket, null)).isEqualTo(overHttp(null));
		}
	}

	@Test
	void acceptLanguageOfTheHandshakeGivesTheLocalesInOrderOfQualityAsOverHttp() {
		try (RealtimeTestSocket socket = connect("fr;q=0.8, de-CH")) {
			assertThat(overSocket(socket, null)).isEqualTo(overHttp("fr;q=0.8, de-CH"))
				.isEqualTo("de-CH [de-CH, fr]");
		}
	}

	@Test
	void acceptLanguageOfTheCallWinsOverTheHandshakesAsOverHttp() {
		try (RealtimeTestSocket socket = connect("it")) {
			assertThat(overSocket(socket, "de-CH, fr;q=0.8")).isEqualTo(overHttp("de-CH, fr;q=0.8"))
				.isEqualTo("de-CH [de-CH, fr]");
		}
		try (RealtimeTestSocket socket = connect(null)) {
			assertThat(overSocket(socket, "es-419, en;q=0.1")).isEqualTo(overHttp("es-419, en;q=0.1"));
		}
	}

	@Test
	void acceptLanguageIsReadAsTheContainerReadsIt() {
		try (RealtimeTestSocket socket = connect("it")) {
			for (String value : List.of("de, fr;q=0", "de-CH;q=0.9, fr;q=abc", "en;q=0.5, da;q=0.5, *;q=0.1",
					"fr_FR", "en;q=1.5, de", "pt-BR;q=0.75,  nl ;q=0.9")) {
				assertThat(overSocket(socket, value)).as(value).isEqualTo(overHttp(value));
			}
		}
	}

	private RealtimeTestSocket connect(@Nullable String acceptLanguage) {
		String connectionId = this.browser.renderPage("/page");
		Map<String, String> headers = new LinkedHashMap<>(this.browser.handshakeHeaders());
		if (acceptLanguage != null) {
			headers.put("Accept-Language", acceptLanguage);
		}
		return RealtimeTestSocket.connect(this.browser.socketUri(connectionId), headers, this.browser.timeout())
			.awaitBound();
	}

	private String overSocket(RealtimeTestSocket socket, @Nullable String acceptLanguage) {
		ObjectNode message = message("l", "GET", "/route-edge/locale");
		if (acceptLanguage != null) {
			message.putObject("headers").put("Accept-Language", acceptLanguage);
		}
		JsonNode reply = call(socket, message);
		assertThat(reply.get("status").asInt()).isEqualTo(200);
		return reply.get("body").asString();
	}

	private String overHttp(@Nullable String acceptLanguage) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.browser.uri("/route-edge/locale"));
		if (acceptLanguage != null) {
			request.header("Accept-Language", acceptLanguage);
		}
		return this.browser.send(request.build()).body();
	}

}
