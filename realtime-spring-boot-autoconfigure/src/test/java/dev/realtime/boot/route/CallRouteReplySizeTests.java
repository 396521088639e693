package dev.realtime.boot.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static dev.realtime.boot.route.RouteCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply's body is held in memory until the route is done: {@code
 * realtime.call-route.max-reply-size} bounds it, and a larger one gets an error reply.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "realtime.call-route.max-reply-size=64KB")
class CallRouteReplySizeTests {

	private static final int LIMIT = 64 * 1024;

	@RegisterExtension
	final OpenedPage page = new OpenedPage();

	@Test
	void bodyOverTheLimitGetsA502NamingTheLimitWithoutBeingHeldAndTheSocketGoesOn() {
		int fiveMegabytes = 5 * 1024 * 1024;
		JsonNode reply = call(this.page.socket(), "big", "GET", "/route-edge/large?bytes=" + fiveMegabytes);
		assertThat(reply.get("status").asInt()).isEqualTo(502);
		assertThat(reply.get("error").asString()).contains("65536 bytes", "realtime.call-route.max-reply-size");
		assertThat(reply.has("body")).isFalse();

		// The route wrote it all; the response kept no more than the limit meanwhile.
		String written = this.page.browser().get("/route-edge/last-large").body();
		assertThat(written).startsWith("wrote " + fiveMegabytes + ", held ");
		assertThat(Long.parseLong(written.substring(written.lastIndexOf(' ') + 1))).isLessThanOrEqualTo(LIMIT);

		assertThat(call(this.page.socket(), "after", "GET", "/route/connection-id").get("status").asInt())
			.isEqualTo(200);
	}

	@Test
	void bodyOfTheLimitArrivesWholeWhetherWrittenAsBytesOrText() {
		JsonNode bytes = call(this.page.socket(), "b", "GET", "/route-edge/large?bytes=" + LIMIT);
		assertThat(bytes.get("status").asInt()).isEqualTo(200);
		assertThat(bytes.get("body").asString()).hasSize(LIMIT).matches("x+");

		JsonNode text = call(this.page.socket(), "t", "GET", "/route-edge/large-text?chars=" + LIMIT);
		assertThat(text.get("status").asInt()).isEqualTo(200);
		assertThat(text.get("body").asString()).hasSize(LIMIT).matches("y+");

		JsonNode overByOne = call(this.page.socket(), "o", "GET", "/route-edge/large-text?chars=" + (LIMIT + 1));
		assertThat(overByOne.get("status").asInt()).isEqualTo(502);
	}

	@Test
	void headOfALargeRouteAnswersItsHeadersAsOverHttp() {
		JsonNode reply = call(this.page.socket(), "h", "HEAD", "/route-edge/large?bytes=" + (2 * LIMIT));
		assertThat(reply.get("status").asInt()).isEqualTo(200);
		assertThat(reply.get("body").asString()).isEmpty();
	}

}
