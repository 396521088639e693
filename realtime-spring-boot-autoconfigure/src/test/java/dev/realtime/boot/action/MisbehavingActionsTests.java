package dev.realtime.boot.action;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actions that break their contract still get their message an answer, and give its place in
 * flight back.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, MisbehavingActionsTests.Misbehaving.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "realtime.max-in-flight=1")
class MisbehavingActionsTests {

	@LocalServerPort
	int port;

	RealtimeTestSocket socket;

	@BeforeEach
	void connect() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		browser.withTimeout(Duration.ofSeconds(3));
		this.socket = browser.openPage("room");
	}

	@AfterEach
	void close() {
		this.socket.close();
	}

	@Test
	void actionWhoseAsyncReplyIsNullGets500AndGivesItsPlaceInFlightBack() {
		JsonNode reply = this.socket.request("{\"id\":\"n\",\"action\":\"null-stage\"}", "n");
		assertThat(reply.toString())
			.isEqualTo("{\"id\":\"n\",\"status\":500,\"error\":\"action 'null-stage' gave no reply\"}");
		assertThat(this.socket.request("{\"id\":\"p\",\"action\":\"ping\"}", "p").get("status").asInt())
			.isEqualTo(200);
	}

	@Test
	void replyWithNullHeadersAndBodyIsSentWithNoHeadersAndAnEmptyBody() {
		JsonNode reply = this.socket.request("{\"id\":\"h\",\"action\":\"null-parts\"}", "h");
		assertThat(reply.toString()).isEqualTo("{\"id\":\"h\",\"status\":200,\"headers\":{},\"body\":\"\"}");
	}

	@Test
	void replyThatCannotBeWrittenGets500() {
		JsonNode reply = this.socket.request("{\"id\":\"w\",\"action\":\"null-header-name\"}", "w");
		assertThat(reply.toString())
			.isEqualTo("{\"id\":\"w\",\"status\":500,\"error\":\"action 'null-header-name' failed\"}");
		assertThat(this.socket.request("{\"id\":\"p\",\"action\":\"ping\"}", "p").get("status").asInt())
			.isEqualTo(200);
	}

	@Test
	void actionExceptionWithAStatusThatIsNoErrorGets500() {
		JsonNode reply = this.socket.request("{\"id\":\"s\",\"action\":\"error-status-200\"}", "s");
		assertThat(reply.toString())
			.isEqualTo("{\"id\":\"s\",\"status\":500,\"error\":\"action 'error-status-200' failed\"}");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Misbehaving {

		@Bean
		RealtimeAction nullStageAction() {
			return new RealtimeAction() {

				@Override
				public String name() {
					return "null-stage";
				}

				@Override
				public RealtimeReply handle(RealtimeMessage message) {
					throw new UnsupportedOperationException();
				}

				@Override
				@SuppressWarnings("NullAway")
				public CompletionStage<RealtimeReply> handleAsync(RealtimeMessage message) {
					return null;
				}

			};
		}

		@Bean
		RealtimeAction errorStatus200Action() {
			return new RealtimeAction() {

				@Override
				public String name() {
					return "error-status-200";
				}

				@Override
				public RealtimeReply handle(RealtimeMessage message) {
					throw new RealtimeActionException(200, "all fine");
				}

			};
		}

		@Bean
		RealtimeAction nullPartsAction() {
			return new RealtimeAction() {

				@Override
				public String name() {
					return "null-parts";
				}

				@Override
				@SuppressWarnings("NullAway")
				public RealtimeReply handle(RealtimeMessage message) {
					return new RealtimeReply(200, null, null);
				}

			};
		}

		@Bean
		RealtimeAction nullHeaderNameAction() {
			return new RealtimeAction() {

				@Override
				public String name() {
					return "null-header-name";
				}

				@Override
				@SuppressWarnings("NullAway")
				public RealtimeReply handle(RealtimeMessage message) {
					Map<String, String> headers = new HashMap<>();
					headers.put(null, "value");
					return new RealtimeReply(200, headers, "body");
				}

			};
		}

	}

}
