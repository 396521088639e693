package dev.realtime.boot.route;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response whose status has no body (204, 205, 304) goes over HTTP without the body that the
 * route wrote, which the container drops with its length, and but for 204 without its type:
 * the socket's reply is the same.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CallRouteBodilessStatusTests {

	@RegisterExtension
	final OpenedPage page = new OpenedPage();

	@Test
	void noContentStatusOnARouteThatReturnsAValueAnswersWithoutItsBodyAsOverHttp() {
		HttpResponse<String> overHttp = assertAnsweredAsOverHttp("/route-edge/no-content");
		assertThat(overHttp.statusCode()).isEqualTo(204);
		assertThat(overHttp.body()).isEmpty();
		assertThat(overHttp.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void statusesWithoutABodyAnswerWithoutTheBodyTheRouteWroteAsOverHttp() {
		for (int status : List.of(204, 205, 304)) {
			HttpResponse<String> overHttp = assertAnsweredAsOverHttp("/route-edge/status-with-body?status=" + status);
			assertThat(overHttp.statusCode()).isEqualTo(status);
			assertThat(overHttp.body()).isEmpty();
		}
	}

	@Test
	void statusWithABodyAnswersWithItsBodyAndLength() {
		HttpResponse<String> overHttp = assertAnsweredAsOverHttp("/route-edge/status-with-body?status=200");
		assertThat(overHttp.body()).isEqualTo("the route's body");
	}

	// Status, body, and the headers that describe the body, each with the same value or
	// missing from both.
	private HttpResponse<String> assertAnsweredAsOverHttp(String uri) {
		HttpResponse<String> overHttp = this.page.browser().get(uri);
		JsonNode reply = RouteCalls.call(this.page.socket(), uri, "GET", uri);
		assertThat(reply.get("status").asInt()).as(uri).isEqualTo(overHttp.statusCode());
		assertThat(reply.get("body").asString()).as(uri).isEqualTo(overHttp.body());
		for (String name : List.of("Content-Type", "Content-Length")) {
			assertThat(header(reply, name)).as(uri + " " + name)
				.isEqualTo(overHttp.headers().firstValue(name).orElse(null));
		}
		return overHttp;
	}

	private static @Nullable String header(JsonNode reply, String name) {
		for (Map.Entry<String, JsonNode> header : reply.get("headers").properties()) {
			if (header.getKey().equalsIgnoreCase(name)) {
				return header.getValue().asString();
			}
		}
		return null;
	}

}
