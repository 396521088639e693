package dev.realtime.boot.action;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import dev.realtime.boot.autoconfigure.RealtimeAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An action method that returns a {@link Future} that is no
 * {@link java.util.concurrent.CompletionStage}: it cannot be answered without holding an
 * action thread on {@link Future#get()}, so the startup refuses it.
 */
class FutureActionMethodsTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				RealtimeAutoConfiguration.class));

	@Test
	void asyncMethodReturningAPlainFutureFailsTheStartupNamingIt() {
		this.contextRunner.withUserConfiguration(AsyncEnabled.class)
			.withBean("reports", Reports.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Reports.report()")
				.hasMessageContaining("CompletableFuture"));
	}

	@Test
	void asyncMethodReturningACompletableFutureStarts() {
		this.contextRunner.withUserConfiguration(AsyncEnabled.class)
			.withBean("completableReports", CompletableReports.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@EnableAsync
	static class AsyncEnabled {

	}

	static class Reports {

		@Async
		@RealtimeActionMapping("report")
		public Future<String> report() {
			return CompletableFuture.completedFuture("report");
		}

	}

	static class CompletableReports {

		@Async
		@RealtimeActionMapping("report")
		public CompletableFuture<String> report() {
			return CompletableFuture.completedFuture("report");
		}

	}

}
