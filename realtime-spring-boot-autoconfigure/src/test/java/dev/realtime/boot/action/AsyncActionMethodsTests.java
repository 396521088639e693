package dev.realtime.boot.action;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Annotated action methods whose value comes later: an {@code @Async} method's
 * {@link CompletableFuture}, or any {@link CompletionStage} a method returns, is answered with
 * its value once it completes, as {@link RealtimeAction#handleAsync} is.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, AsyncActionMethodsTests.LaterActions.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class AsyncActionMethodsTests {

	@RegisterExtension
	final OpenedPage page = new OpenedPage("room");

	@Test
	void asyncMethodIsAnsweredWithTheValueOfItsFuture() {
		JsonNode reply = this.page.socket().request("{\"id\":\"a\",\"action\":\"async-totals\"}", "a");
		assertThat(reply.toString()).isEqualTo(
				"{\"id\":\"a\",\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"total\\\":3}\"}");
	}

	@Test
	void stageThatCompletesLaterIsAnsweredWithItsValue() {
		JsonNode reply = this.page.socket().request("{\"id\":\"s\",\"action\":\"later-text\"}", "s");
		assertThat(reply.toString()).isEqualTo("{\"id\":\"s\",\"status\":200,\"headers\":{},\"body\":\"done later\"}");
	}

	@Test
	void stageThatFailsWithAnActionExceptionIsAnsweredWithItsStatus() {
		JsonNode reply = this.page.socket().request("{\"id\":\"f\",\"action\":\"later-conflict\"}", "f");
		assertThat(reply.toString()).isEqualTo("{\"id\":\"f\",\"status\":409,\"error\":\"taken\"}");
	}

	@Test
	void plainFutureReturnedAsAnObjectIsAFailureNotItsPropertiesAsJson() {
		JsonNode reply = this.page.socket().request("{\"id\":\"p\",\"action\":\"plain-future\"}", "p");
		assertThat(reply.toString())
			.isEqualTo("{\"id\":\"p\",\"status\":500,\"error\":\"action 'plain-future' failed\"}");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableAsync
	static class LaterActions {

		@Bean
		Totals totals() {
			return new Totals();
		}

	}

	static class Totals {

		@Async
		@RealtimeActionMapping("async-totals")
		public CompletableFuture<Map<String, Integer>> asyncTotals() {
			return CompletableFuture.completedFuture(Map.of("total", 3));
		}

		@RealtimeActionMapping("later-text")
		CompletionStage<String> laterText() {
			return CompletableFuture.supplyAsync(() -> "done later",
					CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
		}

		// Declared as Object, so that the startup cannot see the Future.
		@RealtimeActionMapping("plain-future")
		Object plainFuture() {
			FutureTask<String> task = new FutureTask<>(() -> "done");
			task.run();
			return task;
		}

		@RealtimeActionMapping("later-conflict")
		CompletionStage<String> laterConflict() {
			return CompletableFuture.supplyAsync(() -> {
				throw new RealtimeActionException(409, "taken");
			}, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
		}

	}

}
