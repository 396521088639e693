package dev.realtime.boot.route;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static dev.realtime.boot.route.RouteCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's WebSocket handshake asks for compressed responses ({@code Accept-Encoding: gzip,
 * deflate, br, zstd}), which a reply's text body cannot carry: routes called over the socket
 * answer uncompressed, here with Spring's pre-compressed static resources enabled.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.web.resources.chain.enabled=true", "spring.web.resources.chain.compressed=true" })
class CallRouteContentEncodingTests {

	@LocalServerPort
	int port;

	@Test
	void repliesAreNotCompressedForTheHandshakesAcceptEncoding() throws Exception {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<byte[]> overHttp = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(browser.uri("/compressible.txt")).header("Accept-Encoding", "gzip").build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(overHttp.headers().firstValue("Content-Encoding")).as("over HTTP").hasValue("gzip");

		String connectionId = browser.renderPage("/page");
		Map<String, String> headers = new LinkedHashMap<>(browser.handshakeHeaders());
		headers.put("Accept-Encoding", "gzip, deflate, br, zstd");
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(browser.socketUri(connectionId), headers,
				browser.timeout()).awaitBound()) {
			JsonNode reply = call(socket, "r", "GET", "/compressible.txt");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
			assertThat(reply.get("body").asString()).isEqualTo("plain text of a resource\n");
			assertThat(reply.get("headers").has("Content-Encoding")).isFalse();
		}
	}

}
