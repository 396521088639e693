package dev.realtime.boot.web;

import java.net.URI;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JavaScript client needs from the server: the script itself, with the server's
 * settings, and a fresh connection id for a page whose id died.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.resume-window=7s", "realtime.path=/live" })
class BrowserClientEndpointsTests {

	@LocalServerPort
	int port;

	@Test
	void scriptIsServedWithTheServersSettings() {
		HttpResponse<String> script = new TestAppBrowser(this.port).get("/realtime/realtime.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
		assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(script.body()).contains("global.Realtime =")
			.contains("var server = {\"socketPath\":\"/live\",\"connectionEndpoint\":\"/realtime/connection\","
					+ "\"resumeWindow\":7000,\"contextPath\":\"\"};");
	}

	@Test
	void scriptIsRevalidatedWithItsETagRatherThanDownloadedAgain() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> script = browser.get("/realtime/realtime.js");
		assertThat(script.headers().firstValue("ETag")).as("ETag of a script served with no-cache").isPresent();
		String etag = script.headers().firstValue("ETag").get();
		HttpResponse<String> revalidated = browser.send(java.net.http.HttpRequest.newBuilder(browser.uri("/realtime/realtime.js"))
			.header("If-None-Match", etag)
			.GET()
			.build());
		assertThat(revalidated.statusCode()).isEqualTo(304);
		assertThat(revalidated.body()).isEmpty();
		assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
		HttpResponse<String> stale = browser.send(java.net.http.HttpRequest.newBuilder(browser.uri("/realtime/realtime.js"))
			.header("If-None-Match", "\"something-else\"")
			.GET()
			.build());
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.body()).isEqualTo(script.body());
	}

	@Test
	void otherMethodsOnTheStartersEndpointsAreAnswered405WithTheMethodsAllowed() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		for (String method : new String[] { "PUT", "DELETE", "PATCH" }) {
			HttpResponse<String> connection = browser.send(java.net.http.HttpRequest
				.newBuilder(browser.uri("/realtime/connection"))
				.method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
				.build());
			assertThat(connection.statusCode()).as(method + " /realtime/connection").isEqualTo(405);
			assertThat(allowed(connection)).as(method + " /realtime/connection").containsExactlyInAnyOrder("GET", "POST");
			HttpResponse<String> script = browser.send(java.net.http.HttpRequest
				.newBuilder(browser.uri("/realtime/realtime.js"))
				.method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
				.build());
			assertThat(script.statusCode()).as(method + " /realtime/realtime.js").isEqualTo(405);
			assertThat(allowed(script)).as(method + " /realtime/realtime.js").containsExactly("GET");
		}
	}

	private static java.util.List<String> allowed(HttpResponse<String> response) {
		return response.headers()
			.allValues("Allow")
			.stream()
			.flatMap((value) -> java.util.Arrays.stream(value.split(",")))
			.map(String::trim)
			.toList();
	}

	@Test
	void pageGetsAFreshIdForItsSessionThatOpensASocket() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String pageId = browser.renderPage("/page");
		HttpResponse<String> renewal = browser.get("/realtime/connection");
		assertThat(renewal.statusCode()).isEqualTo(200);
		assertThat(renewal.headers().firstValue("Cache-Control")).hasValue("no-store");
		JsonNode body = JsonMapper.shared().readTree(renewal.body());
		String freshId = body.get("connection_id").asString();
		assertThat(freshId).matches("[0-9a-f]{64}").isNotEqualTo(pageId);
		assertThat(body.has("socket_key")).isFalse();
		URI socketUri = URI.create("ws://localhost:" + this.port + "/live?socket_connection_id=" + freshId);
		try (RealtimeTestSocket socket = RealtimeTestSocket.connect(socketUri, browser.handshakeHeaders())) {
			assertThat(socket.request("{\"id\":\"1\",\"action\":\"ping\"}", "1").get("body").asString())
				.isEqualTo("pong");
		}
	}

	@Test
	void freshIdNeedsASessionAndCreatesNone() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> renewal = browser.get("/realtime/connection");
		assertThat(renewal.statusCode()).isEqualTo(403);
		assertThat(renewal.body()).contains("render a page first");
		assertThat(renewal.headers().allValues("Set-Cookie")).isEmpty();
	}

}
