package dev.realtime.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * System calls and context switches of a process over a stretch of time, counted by Linux
 * {@code perf stat} (its tracepoint of every system call's entry, and its software
 * context-switch counter), for the analysis of where a path's CPU goes outside Java code. On
 * with {@code -Dbench.perf=true}; {@code perf} must be installed and allowed to trace the
 * server (as root, or with {@code kernel.perf_event_paranoid} at 1 or lower).
 *
 * @param systemCalls system calls the process made
 * @param contextSwitches times its threads were switched off a CPU
 * @param seconds how long they were counted
 */
record KernelCounts(long systemCalls, long contextSwitches, double seconds) {

	static final KernelCounts NONE = new KernelCounts(0, 0, 0);

	static boolean enabled() {
		return Boolean.getBoolean("bench.perf");
	}

	/** Counts of a process, started now and running for the given time. */
	static Counting start(long pid, long millis) {
		try {
			Process perf = new ProcessBuilder("perf", "stat", "-x", ",", "-e",
					"raw_syscalls:sys_enter,context-switches", "-p", Long.toString(pid), "--", "sleep",
					String.format(Locale.ROOT, "%.3f", millis / 1000.0))
				.redirectErrorStream(true)
				.start();
			return new Counting(perf, millis / 1000.0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("-Dbench.perf=true needs Linux perf on the PATH (perf stat)", ex);
		}
	}

	KernelCounts plus(KernelCounts other) {
		return new KernelCounts(this.systemCalls + other.systemCalls, this.contextSwitches + other.contextSwitches,
				this.seconds + other.seconds);
	}

	/** A {@code perf stat} under way. */
	record Counting(Process perf, double seconds) {

		KernelCounts await() throws IOException, InterruptedException {
			String out = new String(this.perf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!this.perf.waitFor(30, TimeUnit.SECONDS) || this.perf.exitValue() != 0) {
				throw new IllegalStateException("perf stat failed: " + out.trim());
			}
			long systemCalls = -1;
			long contextSwitches = -1;
			// CSV lines: value,unit,event,...
			for (String line : out.split("\n")) {
				String[] fields = line.split(",");
				if (fields.length >= 3 && fields[0].matches("\\d+")) {
					switch (fields[2]) {
						case "raw_syscalls:sys_enter" -> systemCalls = Long.parseLong(fields[0]);
						case "context-switches" -> contextSwitches = Long.parseLong(fields[0]);
						default -> {
						}
					}
				}
			}
			if (systemCalls < 0 || contextSwitches < 0) {
				throw new IllegalStateException("perf stat counted nothing: " + out.trim());
			}
			return new KernelCounts(systemCalls, contextSwitches, this.seconds);
		}

	}

}
