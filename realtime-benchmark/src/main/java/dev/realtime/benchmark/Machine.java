package dev.realtime.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the report says about the machine, and how busy it was with other work during the run.
 */
final class Machine {

	private Machine() {
	}

	static long selfCpuMicros() {
		return ServerProcess.cpuMicrosOf(ProcessHandle.current().pid());
	}

	static List<String> summary() {
		List<String> lines = new ArrayList<>();
		String lscpu = run("lscpu");
		for (String line : lscpu.split("\n")) {
			if (line.matches("^(Model name|CPU\\(s\\)|Thread\\(s\\) per core|Core\\(s\\) per socket|CPU max MHz|Hypervisor vendor|L3 cache):.*")) {
				lines.add(line.replaceAll("\\s+", " ").trim());
			}
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal") || line.startsWith("MemAvailable")) {
					lines.add(line.replaceAll("\\s+", " ").trim());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		lines.add("Kernel: " + run("uname", "-sr").trim());
		lines.add("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		lines.add("Open files limit (ulimit -n): " + run("sh", "-c", "ulimit -n").trim()
				+ "; ephemeral ports: " + String.join(" to ", read("/proc/sys/net/ipv4/ip_local_port_range").trim().split("\\s+")));
		return lines;
	}

	static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes());
			process.waitFor(10, TimeUnit.SECONDS);
			return out;
		}
		catch (IOException ex) {
			return "(" + command[0] + " unavailable)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** CPU time of the whole machine over the run, to tell how much went to other processes. */
	record Usage(long busyTicks, long totalTicks, String loadBefore) {

		static Usage start() {
			long[] ticks = ticks();
			return new Usage(ticks[0], ticks[1], read("/proc/loadavg").trim());
		}

		Usage stop() {
			long[] ticks = ticks();
			return new Usage(ticks[0] - this.busyTicks, ticks[1] - this.totalTicks, this.loadBefore);
		}

		private static long[] ticks() {
			String cpu = read("/proc/stat").lines().findFirst().orElse("cpu 0 0 0 0");
			String[] fields = cpu.trim().split("\\s+");
			long total = 0;
			long idle = 0;
			for (int i = 1; i < fields.length; i++) {
				long value = Long.parseLong(fields[i]);
				total += value;
				if (i == 4 || i == 5) {
					idle += value;
				}
			}
			return new long[] { total - idle, total };
		}

	}

}
