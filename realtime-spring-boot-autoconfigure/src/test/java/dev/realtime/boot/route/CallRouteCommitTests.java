package dev.realtime.boot.route;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static dev.realtime.boot.route.RouteCalls.assertAnsweredAsOverHttp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP a response is committed once the container has sent its status line and headers:
 * when the route flushes it, writes more than the container's buffers hold (Tomcat's: 8 KB of
 * bytes, and for the writer 8 K characters more), or writes all of the length it declared.
 * What a route or a filter sets after that reaches no HTTP client, and is not in the socket's
 * reply either; what it sets before is in both. A redirect is the end of the response: what the
 * route wrote before it is cleared, and what it writes after it goes nowhere.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public class CallRouteCommitTests {

	private static final List<String> LATE_HEADERS = List.of("X-Late", "X-After-Chain", "Set-Cookie");

	@RegisterExtension
	final OpenedPage page = new OpenedPage();

	@Test
	void statusAndHeadersSetWhileTheBodyIsStillBufferedAreAnsweredAsOverHttp() {
		for (String uri : List.of("/route-edge/late/written?chars=6000&stream=true",
				"/route-edge/late/written?chars=12000")) {
			HttpResponse<String> overHttp = assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), uri, LATE_HEADERS);
			assertThat(overHttp.statusCode()).as(uri).isEqualTo(201);
			assertThat(overHttp.headers().firstValue("X-Late")).as(uri).hasValue("set");
			assertThat(overHttp.headers().firstValue("X-After-Chain")).as(uri).hasValue("set");
		}
	}

	@Test
	void statusAndHeadersSetOnceTheBodyOverflowedTheBufferAreIgnoredAsOverHttp() {
		for (String uri : List.of("/route-edge/late/written?chars=12000&stream=true",
				"/route-edge/late/written?chars=20000")) {
			HttpResponse<String> overHttp = assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), uri, LATE_HEADERS);
			assertThat(overHttp.statusCode()).as(uri).isEqualTo(200);
			assertThat(overHttp.headers().firstValue("X-Late")).as(uri).isEmpty();
			assertThat(overHttp.headers().firstValue("X-After-Chain")).as(uri).isEmpty();
		}
	}

	@Test
	void headerSetOnceTheDeclaredLengthIsWrittenIsIgnoredAsOverHttp() {
		HttpResponse<String> overHttp = assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(),
				"/route-edge/late/declared", LATE_HEADERS);
		assertThat(overHttp.body()).isEqualTo("a body of declared length");
		assertThat(overHttp.headers().firstValue("X-After-Chain")).isEmpty();
	}

	@Test
	void redirectAnswersWithoutWhatTheRouteWroteBeforeOrAfterItAsOverHttp() {
		HttpResponse<String> overHttp = this.page.browser().get("/route-edge/redirect-with-body");
		assertThat(overHttp.statusCode()).isEqualTo(302);
		assertThat(overHttp.body()).isEmpty();
		JsonNode reply = RouteCalls.call(this.page.socket(), "redirect", "GET", "/route-edge/redirect-with-body");
		assertThat(reply.get("status").asInt()).isEqualTo(302);
		assertThat(reply.get("headers").get("Location").asString()).isEqualTo("https://example.com/elsewhere")
			.isEqualTo(overHttp.headers().firstValue("Location").orElseThrow());
		assertThat(reply.get("body").asString()).isEqualTo(overHttp.body());
	}

	@Test
	void redirectLocationIsAbsoluteAsTomcatSendsItForSpringBoot() {
		for (String location : List.of("/route-edge/elsewhere", "elsewhere?page=2", "//example.com/elsewhere",
				"https://example.com/elsewhere")) {
			String uri = "/route-edge/redirect/to?location=" + URLEncoder.encode(location, StandardCharsets.UTF_8);
			HttpResponse<String> overHttp = this.page.browser().get(uri);
			JsonNode reply = RouteCalls.call(this.page.socket(), "to-" + location, "GET", uri);
			assertThat(reply.get("status").asInt()).as(location).isEqualTo(302).isEqualTo(overHttp.statusCode());
			assertThat(reply.get("headers").get("Location").asString()).as(location)
				.isEqualTo(overHttp.headers().firstValue("Location").orElseThrow());
		}
	}

}
