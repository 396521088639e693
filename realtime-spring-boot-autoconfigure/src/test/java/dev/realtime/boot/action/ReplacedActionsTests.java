package dev.realtime.boot.action;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application replaces the built-in actions: {@code ping} with a bean, {@code call-route}
 * with an annotated method; and orders two handlers of one name with {@code @Order}.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, ReplacedActionsTests.Replacements.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ReplacedActionsTests {

	@RegisterExtension
	final OpenedPage page = new OpenedPage("room");

	@Test
	void applicationsPingBeanReplacesTheBuiltInOne() {
		JsonNode reply = this.page.socket().request("{\"id\":\"p\",\"action\":\"ping\"}", "p");
		assertThat(reply.get("body").asString()).isEqualTo("custom pong");
	}

	@Test
	void applicationsAnnotatedCallRouteReplacesTheBuiltInOne() {
		JsonNode reply = this.page.socket()
			.request("{\"id\":\"c\",\"action\":\"call-route\",\"uri\":\"/route/echo\"}", "c");
		assertThat(reply.get("status").asInt()).isEqualTo(200);
		assertThat(reply.get("body").asString()).isEqualTo("routes are off: /route/echo");
	}

	@Test
	void ofTwoHandlersOfOneNameTheOneOrderedFirstOnItsBeanMethodAnswers() {
		JsonNode reply = this.page.socket().request("{\"id\":\"g\",\"action\":\"greeting\"}", "g");
		assertThat(reply.get("body").asString()).isEqualTo("preferred greeting");
	}

	@Test
	void unknownActionsStillGet404() {
		JsonNode reply = this.page.socket().request("{\"id\":\"u\",\"action\":\"teleport\"}", "u");
		assertThat(reply.get("status").asInt()).isEqualTo(404);
		assertThat(reply.get("error").asString()).contains("teleport");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Replacements {

		@Bean
		RealtimeAction customPing() {
			return new RealtimeAction() {

				@Override
				public String name() {
					return "ping";
				}

				@Override
				public RealtimeReply handle(RealtimeMessage message) {
					return RealtimeReply.ok("custom pong");
				}

			};
		}

		@Bean
		RouteSwitch routeSwitch() {
			return new RouteSwitch();
		}

		@Bean
		@Order(1)
		RealtimeAction preferredGreeting() {
			return new RealtimeAction() {

				@Override
				public String name() {
					return "greeting";
				}

				@Override
				public RealtimeReply handle(RealtimeMessage message) {
					return RealtimeReply.ok("preferred greeting");
				}

			};
		}

	}

	static class RouteSwitch {

		@RealtimeActionMapping("call-route")
		RealtimeReply callRoute(RealtimeMessage message) {
			return RealtimeReply.ok("routes are off: " + message.fields().get("uri").asString());
		}

		@RealtimeActionMapping("greeting")
		String greeting() {
			return "plain greeting";
		}

	}

}
