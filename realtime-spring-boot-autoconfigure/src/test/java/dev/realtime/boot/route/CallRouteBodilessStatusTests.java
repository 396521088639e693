package dev.realtime.boot.route;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

	private HttpResponse<String> assertAnsweredAsOverHttp(String uri) {
		return RouteCalls.assertAnsweredAsOverHttp(this.page.browser(), this.page.socket(), uri,
				List.of("Content-Type", "Content-Length"));
	}

}
