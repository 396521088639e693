package dev.realtime.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.realtime.benchmark.ServerProcess.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario of the benchmark at a tiny size, against every system (both servers, on Tomcat
 * and on Jetty) started as JVMs of their own, as the full run does: so the benchmark cannot rot.
 * It checks what the run must get right (every socket opens, nothing is lost, every figure is
 * there for every system), never timings.
 */
class BenchmarkSmokeTests {

	private static BenchmarkRunner runner;

	private static String report;

	@BeforeAll
	static void runEveryScenarioAtATinySize(@TempDir Path logs) throws Exception {
		runner = new BenchmarkRunner(Scale.SMOKE, BenchmarkRunner.SMOKE_JVM_OPTIONS, "abcdef", logs);
		runner.systems = List.of(Kind.values());
		Machine.Usage usage = Machine.Usage.start();
		java.time.Instant started = java.time.Instant.now();
		runner.run();
		report = Report.write(runner, Scale.SMOKE, usage.stop(), started, java.time.Instant.now(), "--smoke");
	}

	@Test
	void everyScenarioReportsFiguresForEverySystem() {
		assertThat(runner.results.keySet()).hasSize(7)
			.anyMatch((s) -> s.startsWith("(a)"))
			.anyMatch((s) -> s.startsWith("(b)"))
			.anyMatch((s) -> s.startsWith("(c)"))
			.anyMatch((s) -> s.startsWith("(d)"))
			.anyMatch((s) -> s.startsWith("(e)"))
			.anyMatch((s) -> s.startsWith("(f)"));
		runner.results.forEach((scenario, metrics) -> metrics.forEach((metric, values) -> {
			List<Kind> expected = scenario.startsWith("(e)") ? List.of(Kind.OURS, Kind.OURS_JETTY)
					: scenario.startsWith("(f)") ? List.of(Kind.OURS, Kind.STOMP, Kind.OURS_JETTY, Kind.STOMP_JETTY)
							: List.of(Kind.values());
			assertThat(values.keySet()).as(scenario + ": " + metric).containsExactlyInAnyOrderElementsOf(expected);
		}));
		assertThat(runner.notes).noneMatch((note) -> note.contains("a scenario failed"));
	}

	@Test
	void everySocketOpensAndNothingIsLost() {
		assertThat(figures("(a)", "sockets refused or failed")).containsOnly(0.0);
		for (String scenario : runner.results.keySet()) {
			runner.results.get(scenario).forEach((metric, values) -> {
				if (metric.endsWith("lost deliveries") || metric.endsWith("calls answered other than 200")) {
					assertThat(values.values()).as(scenario + ": " + metric).allSatisfy((v) -> assertThat(v).containsOnly(0.0));
				}
			});
		}
		assertThat(runner.notes).noneMatch((note) -> note.contains("failed to open"));
		// Nor were any made up for by a push received twice, or by one of a run before.
		assertThat(runner.notes).noneMatch((note) -> note.contains("were not counted as delivered"));
	}

	@Test
	void idleSocketsAreOpenedTwiceAndTheWarmPassReportsItsOwnHandshakes() {
		int n = Scale.SMOKE.idleSockets();
		assertThat(figures("(a)", "handshakes/s (HTTP upgrade answered 101)")).hasSize(Kind.values().length)
			.allSatisfy((rate) -> assertThat(rate).isPositive());
		assertThat(figures("(a)", "warm: handshakes/s (a second " + n + ", HTTP upgrade answered 101)"))
			.hasSize(Kind.values().length)
			.allSatisfy((rate) -> assertThat(rate).isPositive());
		assertThat(figures("(a)", "warm: sessions established/s (a second " + n + ")")).hasSize(Kind.values().length)
			.allSatisfy((rate) -> assertThat(rate).isPositive());
	}

	@Test
	void pushesAndCallsAreTimedFromTheirStamps() {
		assertThat(figures("(b)", "p50 (ms)")).allSatisfy((p50) -> assertThat(p50).isPositive());
		// The server's CPU time comes from /proc in clock ticks (10 ms): a tiny run may take none.
		assertThat(figures("(b)", "server CPU µs per delivery")).allSatisfy((cpu) -> assertThat(cpu).isNotNegative());
		// ... but six servers started, ran and stopped: a reading of /proc that gives nothing is broken.
		assertThat(runner.serverCpuMicros).isPositive();
		assertThat(figures("(e)", "over the socket (call-route): calls/s")).allSatisfy((calls) -> assertThat(calls).isPositive());
		assertThat(figures("(e)", "over HTTP keep-alive: calls/s")).allSatisfy((calls) -> assertThat(calls).isPositive());
	}

	@Test
	void latenciesAreThoseOfALoopbackNotOfMisreadStamps() {
		// A stamp read as 0, or in the wrong unit, gives latencies of days (capped at 35 min)
		// or below zero (recorded as 0): both are positive p50s to a check of p50 > 0 alone.
		runner.results.forEach((scenario, metrics) -> metrics.forEach((metric, values) -> {
			if (metric.endsWith("p50 (ms)") || metric.endsWith("max (ms)")) {
				assertThat(values.values()).as(scenario + ": " + metric)
					.allSatisfy((v) -> assertThat(v).allSatisfy((ms) -> assertThat(ms).isPositive().isLessThan(60_000.0)));
			}
		}));
		assertThat(runner.notes).noneMatch((note) -> note.contains("send stamp later than their receipt"));
	}

	@Test
	void theStalledClientsEffectIsSummedUpOverEveryPairOfSegments() {
		assertThat(figures("(f)", BenchmarkRunner.STALL_PAIRS)).hasSize(4).allSatisfy((ratio) -> assertThat(ratio).isPositive());
		for (Kind kind : List.of(Kind.OURS, Kind.STOMP, Kind.OURS_JETTY, Kind.STOMP_JETTY)) {
			assertThat(runner.notes).anyMatch((note) -> note.startsWith(kind.label
					+ ": (f) others' p99 with / without, median of all 1 pairs of segments ")
					&& note.endsWith(", too few pairs for a 95% interval"));
		}
	}

	@Test
	void theReportNamesTheMachineTheJvmOptionsAndTheRatios() {
		assertThat(report).contains("Model name").contains(String.join(" ", BenchmarkRunner.SMOKE_JVM_OPTIONS))
			.contains("| Figure | this starter | Spring STOMP | this starter on Jetty | Spring STOMP on Jetty"
					+ " | bare broadcast | bare broadcast on Jetty | ours/STOMP | ours-jetty/STOMP | stomp-jetty/STOMP"
					+ " | bare/STOMP | bare-jetty/STOMP |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
			.contains("The bare broadcast, the floor")
			.contains("on Jetty (12.1")
			.contains("### (f) one stalled client");
	}

	@Test
	void withOnlyBothSystemsOnTomcatTheReportKeepsItsThreeColumns() {
		BenchmarkRunner tomcatOnly = new BenchmarkRunner(Scale.SMOKE, BenchmarkRunner.SMOKE_JVM_OPTIONS, "b", Path.of("."));
		runner.results.forEach((scenario, metrics) -> metrics.forEach((metric, values) -> values.forEach((kind, list) -> {
			if (kind == Kind.OURS || kind == Kind.STOMP) {
				tomcatOnly.results.computeIfAbsent(scenario, (s) -> new java.util.LinkedHashMap<>())
					.computeIfAbsent(metric, (m) -> new java.util.LinkedHashMap<>())
					.put(kind, list);
			}
		})));
		Machine.Usage usage = Machine.Usage.start();
		String tomcatReport = Report.write(tomcatOnly, Scale.SMOKE, usage.stop(), java.time.Instant.now(),
				java.time.Instant.now(), "--smoke");
		assertThat(tomcatReport).contains("| Figure | this starter | Spring STOMP | ours/STOMP |\n|---|---:|---:|---:|\n")
			.contains("both on Tomcat with")
			.doesNotContain("Jetty");
	}

	@Test
	void eachServerJvmGetsTheClasspathOfOneContainer() {
		// ServerProcess.start also refuses a server that started on the other container.
		assertThat(ServerProcess.classpath(Kind.OURS_JETTY)).contains("jetty-server").doesNotContain("tomcat-embed-core");
		assertThat(ServerProcess.classpath(Kind.STOMP)).contains("tomcat-embed-core").doesNotContain("jetty-server");
	}

	private static List<Double> figures(String scenarioPrefix, String metric) {
		return runner.results.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith(scenarioPrefix))
			.map(Map.Entry::getValue)
			.map((metrics) -> metrics.get(metric))
			.flatMap((values) -> values.values().stream())
			.flatMap(List::stream)
			.toList();
	}

}
