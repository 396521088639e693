package dev.realtime.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One system under test, started as its own JVM with the runner's classpath and the given JVM
 * options, so that its CPU time and memory can be read from {@code /proc}.
 */
final class ServerProcess implements AutoCloseable {

	/** The systems under test. */
	enum Kind {

		OURS("dev.realtime.benchmark.ours.OursBenchApp", "this starter", false),

		STOMP("dev.realtime.benchmark.stomp.StompBenchApp", "Spring STOMP (SimpleBroker)", false),

		OURS_JETTY("dev.realtime.benchmark.ours.OursBenchApp", "this starter on Jetty", true),

		STOMP_JETTY("dev.realtime.benchmark.stomp.StompBenchApp", "Spring STOMP on Jetty", true),

		BARE("dev.realtime.benchmark.bare.BareBenchApp", "bare Spring broadcast", false),

		BARE_JETTY("dev.realtime.benchmark.bare.BareBenchApp", "bare Spring broadcast on Jetty", true);

		final String mainClass;

		final String label;

		final boolean jetty;

		Kind(String mainClass, String label, boolean jetty) {
			this.mainClass = mainClass;
			this.label = label;
			this.jetty = jetty;
		}

		/** Whether the system is this starter (on either container). */
		boolean ours() {
			return this.mainClass.equals(OURS.mainClass);
		}

		/** Whether the system is the bare broadcast handler (on either container). */
		boolean bare() {
			return this.mainClass.equals(BARE.mainClass);
		}

		/** The name on the command line and in log files: {@code ours}, {@code stomp-jetty}. */
		String id() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

		static Kind of(String id) {
			return valueOf(id.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		}

	}

	// The runner's classpath holds both containers; each server JVM gets the classpath of an
	// application with one of the two starters. Both on one classpath would not do: Boot's Tomcat
	// would start, while Spring's DefaultHandshakeHandler, seeing Jetty's WebSocket server, would
	// upgrade through Jetty's API.
	private static final List<String> TOMCAT_JARS = List.of("/org/apache/tomcat/embed/tomcat-embed-core/",
			"/org/apache/tomcat/embed/tomcat-embed-websocket/", "/spring-boot-tomcat/", "/spring-boot-starter-tomcat/",
			"/spring-boot-starter-tomcat-runtime/");

	private static final List<String> JETTY_JARS = List.of("/org/eclipse/jetty/", "/spring-boot-jetty/",
			"/spring-boot-starter-jetty/", "/spring-boot-starter-jetty-runtime/");

	/**
	 * Clock ticks per second of the utime and stime in {@code /proc} (USER_HZ), as
	 * {@code getconf CLK_TCK} gives them: 100 on most kernels, but a kernel's choice, not a
	 * constant.
	 */
	static final long CLOCK_TICKS = clockTicks(Machine.run("getconf", "CLK_TCK"));

	/** Kernel send buffer of every server socket, in bytes (see BenchServerConfiguration). */
	static final int SOCKET_SEND_BUFFER = 65536;

	/** Pending connections the server's accept queue holds. */
	static final int ACCEPT_QUEUE = 4096;

	final Kind kind;

	final int port;

	final Process process;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ServerProcess(Kind kind, int port, Process process) {
		this.kind = kind;
		this.port = port;
		this.process = process;
	}

	static ServerProcess start(Kind kind, List<String> jvmOptions, Path logDirectory, String tag) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		// Extra options for the servers of one run, e.g. -Dbench.serverOptions=-Drealtime.send.coalesce=false
		// for an A/B of a setting; the report's command line shows them.
		String extra = System.getProperty("bench.serverOptions", "");
		if (!extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		if (Boolean.getBoolean("bench.jfr")) {
			// A profile of the server for the analysis in docs/benchmarks.md; not in the figures.
			command.add("-XX:StartFlightRecording=settings=profile,filename="
					+ logDirectory.resolve(kind.id() + "-" + tag + ".jfr").toAbsolutePath());
		}
		command.add("-cp");
		command.add(classpath(kind));
		command.add(kind.mainClass);
		command.add("--server.port=" + port);
		if (kind.jetty) {
			// Jetty's equivalents of the Tomcat settings below; Jetty keeps a keep-alive
			// connection for any number of requests, and its accept queue is set by
			// BenchServerConfiguration.
			command.add("--server.jetty.max-connections=30000");
			command.add("--bench.accept-queue=" + ACCEPT_QUEUE);
		}
		else {
			command.add("--server.tomcat.max-connections=30000");
			command.add("--server.tomcat.accept-count=" + ACCEPT_QUEUE);
			// Keep-alive connections are not closed after 100 requests, so route calls over HTTP
			// measure requests, not reconnects.
			command.add("--server.tomcat.max-keep-alive-requests=-1");
		}
		command.add("--bench.socket-send-buffer=" + SOCKET_SEND_BUFFER);
		command.add("--spring.main.banner-mode=off");
		command.add("--logging.level.root=WARN");
		Files.createDirectories(logDirectory);
		File log = logDirectory.resolve(kind.id() + "-" + tag + ".log").toFile();
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log))
			.start();
		ServerProcess server = new ServerProcess(kind, port, process);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (true) {
			if (!process.isAlive()) {
				throw new IllegalStateException(kind + " exited at startup; see " + log);
			}
			try {
				server.get("/bench/echo");
				String webServer = server.get("/bench/server");
				if (webServer.contains("Jetty") != kind.jetty) {
					server.close();
					throw new IllegalStateException(kind.id() + " started on " + webServer);
				}
				return server;
			}
			catch (IOException ex) {
				if (System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException(kind + " did not start; see " + log);
				}
				Thread.sleep(200);
			}
		}
	}

	static String classpath(Kind kind) {
		List<String> left = kind.jetty ? TOMCAT_JARS : JETTY_JARS;
		return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> left.stream().noneMatch((jar) -> entry.replace(File.separatorChar, '/').contains(jar)))
			.collect(java.util.stream.Collectors.joining(File.pathSeparator));
	}

	String get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(5)).GET().build());
	}

	String post(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(5))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private String send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** Heap used after full GCs, in bytes. */
	long heapAfterGc() throws IOException, InterruptedException {
		return Long.parseLong(get("/bench/heap").trim());
	}

	long pid() {
		return this.process.pid();
	}

	/** Resident set size, in bytes. */
	long rss() {
		return rssOf(this.process.pid());
	}

	/** User plus system CPU time, in microseconds. */
	long cpuMicros() {
		return cpuMicrosOf(this.process.pid());
	}

	/** The CPU time for the run's total, or 0 when it cannot be read: the figures come first. */
	long cpuMicrosIfRunning() {
		try {
			return cpuMicros();
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * CPU time of the JIT compiler's threads, in microseconds: what the server spends compiling
	 * rather than serving, which (e)'s warm-up waits to fall.
	 */
	long compilerCpuMicros() {
		long ticks = 0;
		try (var tasks = Files.list(Path.of("/proc/" + this.process.pid() + "/task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
						ticks += cpuTicks(stat);
					}
				}
				catch (IOException ex) {
					// The thread ended meanwhile.
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ticks * 1_000_000 / CLOCK_TICKS;
	}

	static long rssOf(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			return 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static long cpuMicrosOf(long pid) {
		try {
			return cpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) * 1_000_000 / CLOCK_TICKS;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static long clockTicks(String getconf) {
		try {
			long ticks = Long.parseLong(getconf.trim());
			if (ticks > 0) {
				return ticks;
			}
		}
		catch (NumberFormatException ex) {
			// said below
		}
		throw new IllegalStateException("getconf CLK_TCK answered '" + getconf.trim()
				+ "': the CPU times in /proc cannot be turned into seconds");
	}

	// utime + stime of a process's or thread's stat line, in clock ticks.
	private static long cpuTicks(String stat) {
		// Fields after the command (which may contain spaces), counted from field 3 (state).
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
