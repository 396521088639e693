package dev.realtime.benchmark;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command the report names is the one that reproduces its figures: with every
 * {@code -Dbench.*} option of the run, not just the servers' extra options.
 */
class ReportCommandTests {

	@Test
	void everyBenchOptionOfTheRunIsInTheCommand() {
		System.setProperty("bench.silent", "true");
		System.setProperty("bench.serverOptions", "-Drealtime.send.coalesce=false");
		try {
			BenchmarkRunner runner = new BenchmarkRunner(Scale.SMOKE, BenchmarkRunner.SMOKE_JVM_OPTIONS, "a", Path.of("."));
			Machine.Usage usage = Machine.Usage.start();
			String report = Report.write(runner, Scale.SMOKE, usage.stop(), Instant.now(), Instant.now(), "--scenarios a");
			assertThat(report).contains("Command: `BENCH_JAVA_OPTS='-Dbench.serverOptions=-Drealtime.send.coalesce=false"
					+ " -Dbench.silent=true' ./realtime-benchmark/run.sh --scenarios a`");
		}
		finally {
			System.clearProperty("bench.silent");
			System.clearProperty("bench.serverOptions");
		}
	}

}
