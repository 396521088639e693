package dev.realtime.benchmark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.realtime.benchmark.ServerProcess.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ratios ours/STOMP in the report: the median of ours over the median of STOMP's, with the
 * digits that say how large it is.
 */
class ReportRatioTests {

	@Test
	void aSmallRatioKeepsItsSignificantDigits() {
		// (c) at 100,000/s of the last run: p50 22.1 ms against STOMP's 5,681 ms.
		assertThat(report("p50 (ms)", List.of(19.3, 22.1, 23.8), List.of(3361.0, 5681.0, 8403.0)))
			.contains("| p50 (ms) | 22.1 (19.3–23.8) | 5,681 (3,361–8,403) | 0.0039 |");
	}

	@Test
	void aRatioNearOneIsGivenToTwoDecimals() {
		assertThat(report("p99 (ms)", List.of(44.1, 43.2, 46.7), List.of(60.6, 56.3, 61.4)))
			.contains("| p99 (ms) | 44.1 (43.2–46.7) | 60.6 (56.3–61.4) | 0.73 |");
	}

	@Test
	void aRatioAboveOneIsOursOverStomps() {
		assertThat(report("deliveries/s", List.of(833_621.0), List.of(51_400.0)))
			.contains("| deliveries/s | 833,621 | 51,400 | 16.22 |");
	}

	private static String report(String metric, List<Double> ours, List<Double> stomp) {
		BenchmarkRunner runner = new BenchmarkRunner(Scale.SMOKE, BenchmarkRunner.SMOKE_JVM_OPTIONS, "b", Path.of("."));
		LinkedHashMap<Kind, List<Double>> values = new LinkedHashMap<>();
		values.put(Kind.OURS, new ArrayList<>(ours));
		values.put(Kind.STOMP, new ArrayList<>(stomp));
		runner.results.computeIfAbsent("(x) a scenario", (s) -> new LinkedHashMap<>()).put(metric, values);
		Machine.Usage usage = Machine.Usage.start();
		return Report.write(runner, Scale.SMOKE, usage.stop(), Instant.now(), Instant.now(), "");
	}

}
