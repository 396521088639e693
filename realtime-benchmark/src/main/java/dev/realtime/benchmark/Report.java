package dev.realtime.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.realtime.benchmark.ServerProcess.Kind;

/**
 * Writes {@code docs/benchmarks.md}: the machine, the command, the JVM options, and per
 * scenario the median and min–max of every figure over the rounds, with each system's ratio to
 * Spring STOMP on Tomcat.
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
		// Every -Dbench.* option of the run: JFR or perf attached to the servers, sockets that
		// never send, the key in the URL all change the figures, not only the servers' options.
		String benchOptions = System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("bench.") && !System.getProperty(name).isBlank())
			.sorted()
			.map((name) -> "-D" + name + "=" + System.getProperty(name).trim())
			.collect(java.util.stream.Collectors.joining(" "));
		md.append("Command: `")
			.append(benchOptions.isEmpty() ? "" : "BENCH_JAVA_OPTS='" + benchOptions + "' ")
			.append("./realtime-benchmark/run.sh")
			.append(args.isEmpty() ? "" : " " + args)
			.append("`\n\n");
		List<Kind> systems = java.util.Arrays.stream(Kind.values()).filter(runner.systems::contains).toList();
		boolean jetty = systems.stream().anyMatch((kind) -> kind.jetty);
		md.append("Server JVM options (").append(jetty ? "every system" : "both systems").append("): `")
			.append(String.join(" ", runner.jvmOptions()))
			.append("`; ");
		if (jetty) {
			md.append("on Tomcat with `server.tomcat.max-connections=30000`, `accept-count=")
				.append(ServerProcess.ACCEPT_QUEUE)
				.append("` and `max-keep-alive-requests=-1`, on Jetty (12.1, the same application with ")
				.append("`spring-boot-starter-jetty` instead of Tomcat's) with `server.jetty.max-connections=30000` and an ")
				.append("accept queue of ")
				.append(ServerProcess.ACCEPT_QUEUE)
				.append(" (Jetty keeps a keep-alive connection for any number of requests); both with a fixed kernel send")
				.append(" buffer of ")
				.append(ServerProcess.SOCKET_SEND_BUFFER / 1024)
				.append(" KB per socket (Tomcat's `socket.txBufSize`, Jetty's `acceptedSendBufferSize`), send limits at")
				.append(" both systems' defaults (10 s, 512 KB); ");
		}
		else {
			md.append("both on Tomcat with `server.tomcat.max-connections=30000`, `accept-count=4096`, ")
				.append("`max-keep-alive-requests=-1` and a fixed kernel send buffer of ")
				.append(ServerProcess.SOCKET_SEND_BUFFER / 1024)
				.append(" KB per socket (`socket.txBufSize`), send limits at both systems' defaults (10 s, 512 KB); ");
		}
		md.append("load client: one JVM (`").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((a) -> a.startsWith("-X"))
			.toList())).append("`), 2 selector threads, sockets spread over 8 loopback source addresses.");
		if (systems.stream().anyMatch(Kind::bare)) {
			md.append(" The bare broadcast, the floor the issue's targets refer to, is a plain Spring `TextWebSocketHandler`")
				.append(" that writes one prepared `TextMessage` to each session of a channel on the pushing thread, one")
				.append(" blocking write per frame; with no send limits, it is not run in (f).");
		}
		md.append("\n\n");
		md.append("Machine:\n\n");
		for (String line : Machine.summary()) {
			md.append("- ").append(line).append('\n');
		}
		long ownMicros = runner.serverCpuMicros + Machine.selfCpuMicros();
		// /proc/stat counts in the same clock ticks as /proc/<pid>/stat.
		double busySeconds = usage.busyTicks() / (double) ServerProcess.CLOCK_TICKS;
		double totalSeconds = usage.totalTicks() / (double) ServerProcess.CLOCK_TICKS;
		double otherSeconds = Math.max(0, busySeconds - ownMicros / 1e6);
		md.append("- Load average before the run: ").append(usage.loadBefore()).append('\n');
		md.append(String.format("- CPU time of the machine during the run: %.0f s busy of %.0f s; this run's client and"
				+ " servers used %.0f s, other processes about %.0f s (%.0f%% of the machine): %s%n%n", busySeconds,
				totalSeconds, ownMicros / 1e6, otherSeconds, 100 * otherSeconds / Math.max(1, totalSeconds),
				(otherSeconds / Math.max(1, totalSeconds) < 0.05) ? "the machine was otherwise idle"
						: "the machine was NOT otherwise idle; figures are disturbed"));
		for (Map.Entry<String, Map<String, Map<Kind, List<Double>>>> scenario : runner.results.entrySet()) {
			md.append("### ").append(scenario.getKey()).append("\n\n");
			List<Kind> compared = systems.stream().filter((kind) -> kind != Kind.STOMP).toList();
			md.append("| Figure |");
			systems.forEach((kind) -> md.append(' ').append(column(kind)).append(" |"));
			compared.forEach((kind) -> md.append(' ').append(ratio(kind)).append(" |"));
			md.append("\n|---|").append("---:|".repeat(systems.size() + compared.size())).append('\n');
			for (Map.Entry<String, Map<Kind, List<Double>>> metric : scenario.getValue().entrySet()) {
				List<Double> stomp = metric.getValue().get(Kind.STOMP);
				md.append("| ").append(metric.getKey()).append(" |");
				systems.forEach((kind) -> md.append(' ').append(cell(metric.getValue().get(kind))).append(" |"));
				for (Kind kind : compared) {
					List<Double> values = metric.getValue().get(kind);
					md.append(' ');
					if (values != null && stomp != null && BenchmarkRunner.median(stomp) != 0) {
						md.append(ratio(BenchmarkRunner.median(values) / BenchmarkRunner.median(stomp)));
					}
					else {
						md.append("–");
					}
					md.append(" |");
				}
				md.append('\n');
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

	private static String column(Kind kind) {
		return switch (kind) {
			case OURS -> "this starter";
			case STOMP -> "Spring STOMP";
			case OURS_JETTY -> "this starter on Jetty";
			case STOMP_JETTY -> "Spring STOMP on Jetty";
			case BARE -> "bare broadcast";
			case BARE_JETTY -> "bare broadcast on Jetty";
		};
	}

	// Every ratio is against Spring STOMP on Tomcat, the reference of the issue.
	private static String ratio(Kind kind) {
		return ((kind == Kind.OURS) ? "ours" : kind.id()) + "/STOMP";
	}

	// Two decimals from 0.1 up; below, two significant digits: 0.0039 is not 0.00.
	static String ratio(double ratio) {
		if (ratio == 0 || Math.abs(ratio) >= 0.1 || !Double.isFinite(ratio)) {
			return String.format("%.2f", ratio);
		}
		return new java.math.BigDecimal(ratio).round(new java.math.MathContext(2)).toPlainString();
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
