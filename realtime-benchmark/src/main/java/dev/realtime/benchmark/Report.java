package dev.realtime.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.realtime.benchmark.ServerProcess.Kind;

/**
 * Writes {@code docs/benchmarks.md}: the machine, the command, the JVM options, and per
 * scenario the median and min–max of every figure over the rounds, with ours/STOMP.
 */
final class Report {

	private Report() {
	}

	static String write(BenchmarkRunner runner, Scale scale, Machine.Usage usage, Instant started, Instant ended,
			String args) {
		StringBuilder md = new StringBuilder();
		md.append("## Figures of the last run\n\n");
		md.append("Written by `BenchmarkRunner` on ").append(ended).append(" (")
			.append(Duration.between(started, ended).toSeconds())
			.append(" s). Each figure is the median over ")
			.append(scale.rounds())
			.append(" interleaved rounds, with min–max in brackets; each round starts a fresh JVM per system, ")
			.append("in alternating order.\n\n");
		String serverOptions = System.getProperty("bench.serverOptions", "");
		md.append("Command: `")
			.append(serverOptions.isBlank() ? "" : "BENCH_JAVA_OPTS='-Dbench.serverOptions=" + serverOptions.trim() + "' ")
			.append("./realtime-benchmark/run.sh")
			.append(args.isEmpty() ? "" : " " + args)
			.append("`\n\n");
		md.append("Server JVM options (both systems): `").append(String.join(" ", runner.jvmOptions())).append("`; ");
		md.append("both on Tomcat with `server.tomcat.max-connections=30000`, `accept-count=4096`, ")
			.append("`max-keep-alive-requests=-1` and a fixed kernel send buffer of ")
			.append(ServerProcess.SOCKET_SEND_BUFFER / 1024)
			.append(" KB per socket (`socket.txBufSize`), send limits at both systems' defaults (10 s, 512 KB); ");
		md.append("load client: one JVM (`").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((a) -> a.startsWith("-X"))
			.toList())).append("`), 2 selector threads, sockets spread over 8 loopback source addresses.\n\n");
		md.append("Machine:\n\n");
		for (String line : Machine.summary()) {
			md.append("- ").append(line).append('\n');
		}
		long ownMicros = runner.serverCpuMicros + Machine.selfCpuMicros();
		double busySeconds = usage.busyTicks() / 100.0;
		double totalSeconds = usage.totalTicks() / 100.0;
		double otherSeconds = Math.max(0, busySeconds - ownMicros / 1e6);
		md.append("- Load average before the run: ").append(usage.loadBefore()).append('\n');
		md.append(String.format("- CPU time of the machine during the run: %.0f s busy of %.0f s; this run's client and"
				+ " servers used %.0f s, other processes about %.0f s (%.0f%% of the machine): %s%n%n", busySeconds,
				totalSeconds, ownMicros / 1e6, otherSeconds, 100 * otherSeconds / Math.max(1, totalSeconds),
				(otherSeconds / Math.max(1, totalSeconds) < 0.05) ? "the machine was otherwise idle"
						: "the machine was NOT otherwise idle; figures are disturbed"));
		for (Map.Entry<String, Map<String, Map<Kind, List<Double>>>> scenario : runner.results.entrySet()) {
			md.append("### ").append(scenario.getKey()).append("\n\n");
			md.append("| Figure | this starter | Spring STOMP | ours/STOMP |\n|---|---:|---:|---:|\n");
			for (Map.Entry<String, Map<Kind, List<Double>>> metric : scenario.getValue().entrySet()) {
				List<Double> ours = metric.getValue().get(Kind.OURS);
				List<Double> stomp = metric.getValue().get(Kind.STOMP);
				md.append("| ").append(metric.getKey()).append(" | ").append(cell(ours)).append(" | ")
					.append(cell(stomp)).append(" | ");
				if (ours != null && stomp != null && BenchmarkRunner.median(stomp) != 0) {
					md.append(String.format("%.2f", BenchmarkRunner.median(ours) / BenchmarkRunner.median(stomp)));
				}
				else {
					md.append("–");
				}
				md.append(" |\n");
			}
			md.append('\n');
		}
		if (!runner.notes.isEmpty()) {
			md.append("Notes from the run:\n\n");
			for (String note : runner.notes) {
				md.append("- ").append(note).append('\n');
			}
			md.append('\n');
		}
		return md.toString();
	}

	static final String START = "<!-- figures: written by BenchmarkRunner, everything up to the end marker is replaced -->";

	static final String END = "<!-- end of figures -->";

	/**
	 * Put the figures into an existing report between its markers, keeping the text around
	 * them (the analysis), or make a new report.
	 */
	static String merge(String existing, String figures) {
		String block = START + "\n" + figures + END;
		if (existing != null) {
			int start = existing.indexOf(START);
			int end = existing.indexOf(END);
			if (start >= 0 && end > start) {
				return existing.substring(0, start) + block + existing.substring(end + END.length());
			}
		}
		return "# Benchmarks: this starter and Spring STOMP\n\n" + block + "\n";
	}

	private static String cell(List<Double> values) {
		if (values == null || values.isEmpty()) {
			return "–";
		}
		double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
		double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
		String median = BenchmarkRunner.format(BenchmarkRunner.median(values));
		return (values.size() == 1) ? median
				: median + " (" + BenchmarkRunner.format(min) + "–" + BenchmarkRunner.format(max) + ")";
	}

}
