package dev.realtime.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.realtime.benchmark.ServerProcess.Kind;
import dev.realtime.benchmark.client.LoadClient;
import dev.realtime.benchmark.client.LoadClient.Conn;
import dev.realtime.benchmark.client.LoadClient.Protocol;

/**
 * Runs every scenario against this starter and Spring's STOMP in turn, in interleaved rounds,
 * each server a JVM of its own started with the same options, and writes the report.
 * <p>
 * {@code java -cp ... dev.realtime.benchmark.BenchmarkRunner [--smoke] [--rounds N] [--out FILE]
 * [--scenarios abcdef] [--systems ours,stomp,ours-jetty,stomp-jetty]}
 */
public final class BenchmarkRunner {

	static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms3g", "-Xmx3g", "-XX:+UseG1GC", "-Xss512k");

	static final List<String> SMOKE_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-Xshare:auto");

	// One value per pair of segments of (f), every round's, so that the report's median and
	// min–max are over all pairs.
	static final String STALL_PAIRS = "others' p99 with / without, pair by pair of segments (median and min–max of every round's pairs)";

	private final Scale scale;

	private final List<String> jvmOptions;

	private final String scenarios;

	private final Path logDirectory;

	List<Kind> systems = List.of(Kind.OURS, Kind.STOMP);

	/** scenario → metric → system → values over rounds (for {@link #STALL_PAIRS}, over pairs). */
	final Map<String, Map<String, Map<Kind, List<Double>>>> results = new LinkedHashMap<>();

	final List<String> notes = new ArrayList<>();

	// The round under way, from 1, for notes that are per round.
	private int round;

	/** CPU time of the servers started by this run, in microseconds. */
	long serverCpuMicros;

	BenchmarkRunner(Scale scale, List<String> jvmOptions, String scenarios, Path logDirectory) {
		this.scale = scale;
		this.jvmOptions = jvmOptions;
		this.scenarios = scenarios;
		this.logDirectory = logDirectory;
	}

	public static void main(String[] args) throws Exception {
		boolean smoke = false;
		int rounds = -1;
		String scenarios = "abcdef";
		String systems = "ours,stomp";
		int[] stall = null;
		int idle = -1;
		Path out = Path.of("docs/benchmarks.md");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--smoke" -> smoke = true;
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--scenarios" -> scenarios = args[++i];
				case "--out" -> out = Path.of(args[++i]);
				case "--systems" -> systems = args[++i];
				case "--idle" -> idle = Integer.parseInt(args[++i]);
				case "--stall" -> stall = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
			}
		}
		Scale scale = smoke ? Scale.SMOKE : Scale.FULL;
		if (rounds > 0 || stall != null || idle > 0) {
			scale = new Scale((rounds > 0) ? rounds : scale.rounds(), (idle > 0) ? idle : scale.idleSockets(), scale.subscribers(), scale.fanOutPushes(),
					scale.warmUpPushes(), scale.rates(), scale.rateSeconds(), scale.manyChannelRounds(),
					scale.callConnections(), scale.callSeconds(), scale.warmUpPasses(), (stall != null) ? stall[0] : scale.stallRate(),
					(stall != null) ? stall[1] : scale.stallSeconds(), (stall != null) ? stall[2] : scale.closeWaitSeconds());
		}
		BenchmarkRunner runner = new BenchmarkRunner(scale, smoke ? SMOKE_JVM_OPTIONS : SERVER_JVM_OPTIONS, scenarios,
				Path.of("target", "bench-logs"));
		runner.systems = Arrays.stream(systems.split(",")).map(Kind::of).toList();
		Machine.Usage usage = Machine.Usage.start();
		Instant started = Instant.now();
		runner.run();
		String report = Report.write(runner, scale, usage.stop(), started, Instant.now(), String.join(" ", args));
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, Report.merge(Files.exists(out) ? Files.readString(out) : null, report),
				StandardCharsets.UTF_8);
		System.out.println(report);
		System.out.println("Wrote " + out.toAbsolutePath());
	}

	List<String> jvmOptions() {
		return this.jvmOptions;
	}

	void run() throws Exception {
		for (this.round = 1; this.round <= this.scale.rounds(); this.round++) {
			// Every system in each round, in alternating order.
			List<Kind> order = new ArrayList<>(List.of(Kind.values()));
			order.retainAll(this.systems);
			if (this.round % 2 == 0) {
				java.util.Collections.reverse(order);
			}
			for (Kind kind : order) {
				System.out.println("== round " + this.round + ": " + kind.label);
				try (ServerProcess server = ServerProcess.start(kind, this.jvmOptions, this.logDirectory,
						"round" + this.round);
						LoadClient client = new LoadClient(new InetSocketAddress("127.0.0.1", server.port), 2, 8)) {
					runScenarios(server, client);
					this.serverCpuMicros += server.cpuMicrosIfRunning();
				}
			}
		}
		stallPairsInterval();
	}

	private void runScenarios(ServerProcess server, LoadClient client) throws Exception {
		try {
			runScenariosOf(server, client);
		}
		catch (Exception ex) {
			// One failed scenario must not lose the figures of the others: say so in the report.
			this.notes.add(server.kind.label + ": a scenario failed and the rest of its round was skipped: " + ex);
			ex.printStackTrace();
		}
	}

	private void runScenariosOf(ServerProcess server, LoadClient client) throws Exception {
		if (this.scenarios.contains("a")) {
			progress("(a)");
			idle(server, client);
		}
		if (this.scenarios.matches(".*[bcf].*")) {
			List<Conn> subscribers = subscribe(server, client, this.scale.subscribers(), false).conns;
			progress("warm-up, (b)");
			fanOut(server, client, "warm-up", this.scale.warmUpPushes(), null);
			if (this.scenarios.contains("b")) {
				fanOut(server, client, "b", this.scale.fanOutPushes(), "(b) fan-out");
			}
			if (this.scenarios.contains("c")) {
				progress("(c)");
				// (b)'s bursts leave the JIT compiling the path of lone frames for seconds: in
				// runs of (a) to (c) its threads took half a core during the first 5 s of (c).
				int warmUpRate = this.scale.rates()[0];
				warmUntilCompiled(server, "(c)",
						() -> fixedRatePush(server, client, warmUpRate, Math.max(1, this.scale.rateSeconds() / 5)));
				for (int rate : this.scale.rates()) {
					fixedRate(server, client, rate, this.scale.rateSeconds(),
							"(c) fixed rate, " + rate + " pushes/s (" + rate * this.scale.subscribers() + " deliveries/s offered)");
				}
			}
			if (this.scenarios.contains("f") && !server.kind.bare()) {
				progress("(f)");
				stalled(server, client);
			}
			closeAll(subscribers);
		}
		if (this.scenarios.contains("d")) {
			progress("(d)");
			manyChannels(server, client);
		}
		if (this.scenarios.contains("e") && server.kind.ours()) {
			progress("(e)");
			routeCalls(server, client);
		}
	}

	// (a)

	private void idle(ServerProcess server, LoadClient client) throws Exception {
		String scenario = "(a) idle: " + this.scale.idleSockets() + " subscribed sockets";
		// A warm-up pass first, as before the other scenarios: the first sockets of a fresh JVM
		// measure the JIT compiling the server's handshake path, not the handshake.
		Opened warmUp = subscribe(server, client, Math.max(1, Math.min(2000, this.scale.idleSockets() / 5)), false);
		closeAll(warmUp.conns);
		awaitQuiet(server);
		long heapBefore = server.heapAfterGc();
		long rssBefore = server.rss();
		long cpuBefore = server.cpuMicros();
		Opened opened = subscribe(server, client, this.scale.idleSockets(), false);
		long cpuAfter = server.cpuMicros();
		Thread.sleep(1000);
		long heapAfter = server.heapAfterGc();
		long rssAfter = server.rss();
		if (Boolean.getBoolean("bench.histogram")) {
			// What the heap holds per idle socket, for the analysis in docs/benchmarks.md.
			Files.writeString(this.logDirectory.resolve(server.kind.id() + "-idle-histogram.txt"),
					Machine.run("jcmd", Long.toString(server.process.pid()), "GC.class_histogram"));
		}
		if (Boolean.getBoolean("bench.heapDump")) {
			// For tracing what holds an idle socket's objects (paths to GC roots).
			Machine.run("jcmd", Long.toString(server.process.pid()), "GC.heap_dump",
					this.logDirectory.resolve(server.kind.id() + "-idle.hprof").toAbsolutePath().toString());
		}
		int n = this.scale.idleSockets();
		put(scenario, "handshakes/s (HTTP upgrade answered 101)", server.kind, n / seconds(opened.upgradeNanos));
		// A STOMP session is usable once the broker answered CONNECT with CONNECTED, the
		// protocol's own handshake after the upgrade; this starter's once upgraded. The same
		// round trip (CONNECT, or a ping) is timed for both.
		put(scenario, "sessions established/s (STOMP: CONNECTED received; this starter and bare: a ping answered)", server.kind,
				n / seconds(opened.establishedNanos));
		put(scenario, "sockets subscribed/s (until each received a first push)", server.kind, n / seconds(opened.readyNanos));
		put(scenario, "server CPU µs per socket opened", server.kind, (double) (cpuAfter - cpuBefore) / n);
		put(scenario, "RSS delta per connection (KB)", server.kind, (rssAfter - rssBefore) / 1024.0 / n);
		put(scenario, "heap after GC per connection (KB)", server.kind, (heapAfter - heapBefore) / 1024.0 / n);
		closeAll(opened.conns);
		awaitQuiet(server);
		// The same again once the JIT has compiled each system's path for opening a socket: a
		// path run once per socket is still being compiled through the first 10,000 (C2 takes a
		// method after thousands of calls), which the first pass measures as much as the
		// server. Memory is read in the first pass only, when the sockets' memory was new to
		// the process.
		cpuBefore = server.cpuMicros();
		Opened again = subscribe(server, client, n, false);
		cpuAfter = server.cpuMicros();
		put(scenario, "warm: handshakes/s (a second " + n + ", HTTP upgrade answered 101)", server.kind,
				n / seconds(again.upgradeNanos));
		put(scenario, "warm: sessions established/s (a second " + n + ")", server.kind,
				n / seconds(again.establishedNanos));
		put(scenario, "warm: sockets subscribed/s (a second " + n + ")", server.kind, n / seconds(again.readyNanos));
		put(scenario, "warm: server CPU µs per socket opened (a second " + n + ")", server.kind,
				(double) (cpuAfter - cpuBefore) / n);
		put(scenario, "sockets refused or failed", server.kind, opened.failed + again.failed);
		closeAll(again.conns);
		Thread.sleep(1000);
	}

	// (b)

	private void fanOut(ServerProcess server, LoadClient client, String tag, int pushes, String scenario)
			throws Exception {
		long expected = (long) pushes * this.scale.subscribers();
		Pushed run = push(server, client, "/bench/push?channels=bench&count=" + pushes, expected, 0);
		if (scenario == null) {
			return;
		}
		scenario += ": " + this.scale.subscribers() + " subscribers × " + pushes + " pushes of ~128 B";
		put(scenario, "deliveries/s", server.kind, run.deliveriesPerSecond());
		put(scenario, "server CPU µs per delivery", server.kind, run.serverCpuPerDelivery());
		put(scenario, "client CPU µs per delivery", server.kind, run.clientCpuPerDelivery());
		put(scenario, "pushes accepted/s", server.kind, pushes / seconds(run.pushedNanos()));
		put(scenario, "lost deliveries", server.kind, expected - run.got());
		latencies(scenario, server.kind, run.latencies(), false);
	}

	// (c), and (f) as a fixed rate

	private void fixedRate(ServerProcess server, LoadClient client, int rate, int secs, String scenario)
			throws Exception {
		long expected = (long) rate * secs * this.scale.subscribers();
		fixedRateFigures(server, scenario, "", rate, expected, List.of(fixedRatePush(server, client, rate, secs)));
	}

	// (f)

	private void stalled(ServerProcess server, LoadClient client) throws Exception {
		int rate = this.scale.stallRate();
		int secs = this.scale.stallSeconds();
		// Without and with a stalled client in alternating segments, pooled per condition: a
		// single pair of long phases measured the JIT's and the GC's drift over the run as much
		// as the stalled client (others' p99 with/without varied from 0.57 to 1.45 for STOMP).
		int segments = Math.max(1, secs / 5);
		int segmentSeconds = Math.max(1, secs / segments);
		String scenario = "(f) one stalled client: " + this.scale.subscribers() + " subscribers at " + rate
				+ " pushes/s, " + segments + " × " + segmentSeconds + " s without and " + segments + " × "
				+ segmentSeconds + " s with one more socket on a channel of its own with 1,000 more pushes/s, which"
				+ " reads in the segments without and stops reading in those with (a new one each segment)";
		List<Pushed> without = new ArrayList<>();
		List<Pushed> with = new ArrayList<>();
		int closed = 0;
		for (int segment = 0; segment < segments; segment++) {
			// Without-with, then with-without: a drift over the run (JIT, GC) cancels out.
			boolean stalledFirst = segment % 2 == 1;
			for (boolean stall : new boolean[] { stalledFirst, !stalledFirst }) {
				String closedBy = extraSocketSegment(server, client, rate, segmentSeconds, stall,
						stall ? with : without);
				if (stall) {
					closed += (closedBy != null) ? 1 : 0;
					if (segment == 0 || closedBy == null) {
						this.notes.add(server.kind.label + ": stalled socket "
								+ ((closedBy != null) ? "closed (" + closedBy + ")"
										: "still open " + this.scale.closeWaitSeconds() + " s after it read again"));
					}
				}
			}
		}
		long expected = (long) rate * segmentSeconds * segments * this.scale.subscribers();
		int[] withoutLatencies = fixedRateFigures(server, scenario, "without: ", rate, expected, without);
		int[] withLatencies = fixedRateFigures(server, scenario, "with: ", rate, expected, with);
		put(scenario, "others' p99 with / without", server.kind,
				percentile(withLatencies, 99) / Math.max(1, percentile(withoutLatencies, 99)));
		// The pooled p99 above is set by the slowest 1% of the pushes, which a few slow pushes in
		// any one segment decide; the ratio of each segment to the one next to it, and their
		// median over every round's pairs, say whether the stalled client moved it or one segment
		// did. A pair alone moves by half either way, so it takes some thirty pairs to resolve 10%.
		double[] pairs = new double[segments];
		for (int i = 0; i < segments; i++) {
			pairs[i] = segmentP99(with.get(i)) / Math.max(1, segmentP99(without.get(i)));
			put(scenario, STALL_PAIRS, server.kind, pairs[i]);
		}
		this.notes.add(server.kind.label + ": (f) others' p99 with / without, by pair of segments, round " + this.round + ": "
				+ Arrays.stream(pairs).mapToObj((r) -> String.format(Locale.ROOT, "%.2f", r)).toList());
		put(scenario, "stalled sockets closed by the server (share, 1 = all)", server.kind, (double) closed / segments);
	}

	// How far the others' p99 moved with the stalled client, over every pair of segments of
	// every round: the median, and the interval that holds the true median with 95% confidence
	// (order statistics of the pairs, which assume nothing of their distribution).
	private void stallPairsInterval() {
		this.results.forEach((scenario, metrics) -> {
			Map<Kind, List<Double>> byKind = metrics.get(STALL_PAIRS);
			if (byKind == null) {
				return;
			}
			byKind.forEach((kind, values) -> {
				double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
				int rank = medianIntervalRank(sorted.length);
				this.notes.add(kind.label + ": (f) others' p99 with / without, median of all " + sorted.length
						+ " pairs of segments " + String.format(Locale.ROOT, "%.2f", medianOfSorted(sorted))
						+ ((rank > 0) ? String.format(Locale.ROOT, ", 95%% interval %.2f–%.2f", sorted[rank - 1],
								sorted[sorted.length - rank]) : ", too few pairs for a 95% interval"));
			});
		});
	}

	/**
	 * Return the rank r (from 1) such that the r-th smallest and the r-th largest of n values
	 * hold their distribution's median with at least 95% confidence, or 0 if n is too small.
	 * @param n how many values
	 * @return the rank, or 0
	 */
	static int medianIntervalRank(int n) {
		// P(X < r) for X ~ Binomial(n, 1/2): the chance that fewer than r values fall below the
		// median; the interval misses the median with twice that chance.
		double below = 0;
		double term = Math.pow(0.5, n);
		int rank = 0;
		for (int k = 0; k < n; k++) {
			below += term;
			if (2 * below > 0.05) {
				break;
			}
			rank = k + 1;
			term = term * (n - k) / (k + 1);
		}
		return rank;
	}

	// One segment of (f): one more socket on a channel of its own that brings it ticks the others
	// do not get (1,000 a second, ~170 KB/s), so that a stalled one reaches the send limits
	// within the segment; it reads, or stops reading, for the whole segment, so that the two
	// conditions differ only by the stall. Returns how a stalled socket was closed, or null.
	private String extraSocketSegment(ServerProcess server, LoadClient client, int rate, int secs,
			boolean stall, List<Pushed> results) throws Exception {
		Conn extra = subscribeOne(server, client, "stall=small", "stall");
		extra.uncounted();
		if (stall) {
			extra.stall();
		}
		client.sync();
		CompletableFuture<String> extraPushes = CompletableFuture.supplyAsync(() -> {
			try {
				return server.post("/bench/push?channels=stall&count=" + secs * 1000 + "&rate=1000");
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		results.add(fixedRatePush(server, client, rate, secs));
		extraPushes.get(60, TimeUnit.SECONDS);
		String closedBy = null;
		if (stall) {
			extra.resume();
			try {
				closedBy = extra.closed.get(Math.max(1, this.scale.closeWaitSeconds()), TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.TimeoutException ex) {
				// still open: reported by the caller
			}
		}
		extra.close();
		return closedBy;
	}

	private Pushed fixedRatePush(ServerProcess server, LoadClient client, int rate, int secs) throws Exception {
		int pushes = rate * secs;
		return push(server, client, "/bench/push?channels=bench&count=" + pushes + "&rate=" + rate,
				(long) pushes * this.scale.subscribers(), TimeUnit.SECONDS.toNanos(secs));
	}

	// The figures of one or more fixed-rate runs taken together; returns their latencies, sorted.
	private int[] fixedRateFigures(ServerProcess server, String scenario, String prefix, int rate, long expected,
			List<Pushed> segments) {
		long got = 0;
		long nanos = 0;
		long cpu = 0;
		long clientCpu = 0;
		for (Pushed segment : segments) {
			got += segment.got();
			nanos += segment.windowNanos();
			cpu += segment.serverCpuMicros();
			clientCpu += segment.clientCpuMicros();
		}
		int[] latencies = pooled(segments.stream().map(Pushed::latencies).toList());
		Pushed all = new Pushed(got, nanos, nanos, nanos, cpu, clientCpu, latencies);
		put(scenario, prefix + "deliveries/s achieved", server.kind, all.deliveriesPerSecond());
		put(scenario, prefix + "share of offered rate delivered (%)", server.kind,
				100.0 * all.deliveriesPerSecond() / ((double) rate * this.scale.subscribers()));
		put(scenario, prefix + "server CPU µs per delivery", server.kind, all.serverCpuPerDelivery());
		put(scenario, prefix + "server CPU (% of one core)", server.kind, 100.0 * cpu / (nanos / 1000.0));
		put(scenario, prefix + "client CPU µs per delivery", server.kind, all.clientCpuPerDelivery());
		put(scenario, prefix + "lost deliveries", server.kind, expected - got);
		latencies(scenario, server.kind, latencies, true, prefix);
		return latencies;
	}

	// (d)

	private void manyChannels(ServerProcess server, LoadClient client) throws Exception {
		int n = this.scale.subscribers();
		int rounds = this.scale.manyChannelRounds();
		String scenario = "(d) many channels: " + n + " sockets each on its own channel and one shared channel, "
				+ rounds + " pushes to each of the " + (n + 1) + " channels";
		List<Conn> conns = subscribe(server, client, n, true).conns;
		long pushes = (long) rounds * (n + 1);
		long expected = (long) rounds * n * 2;
		Pushed run = push(server, client, "/bench/push?own=" + n + "&channels=shared&count=" + pushes, expected, 0);
		put(scenario, "deliveries/s", server.kind, run.deliveriesPerSecond());
		put(scenario, "pushes accepted/s", server.kind, pushes / seconds(run.pushedNanos()));
		put(scenario, "server CPU µs per delivery", server.kind, run.serverCpuPerDelivery());
		put(scenario, "client CPU µs per delivery", server.kind, run.clientCpuPerDelivery());
		put(scenario, "lost deliveries", server.kind, expected - run.got());
		latencies(scenario, server.kind, run.latencies(), false);
		closeAll(conns);
	}

	// (e)

	private void routeCalls(ServerProcess server, LoadClient client) throws Exception {
		String scenario = "(e) route calls: GET /bench/echo, " + this.scale.callConnections()
				+ " connections, one call in flight on each (this starter only)";
		List<Conn> sockets = new ArrayList<>();
		for (String line : server.post("/bench/connections?count=" + this.scale.callConnections()).split("\n")) {
			String[] idAndKey = line.split(" ");
			sockets.add(openOurs(client, idAndKey[0], idAndKey[1], ""));
		}
		List<Conn> https = new ArrayList<>();
		for (int i = 0; i < this.scale.callConnections(); i++) {
			https.add(client.open(Protocol.HTTP, "", List.of()));
		}
		for (Conn conn : sockets) {
			conn.ready.get(30, TimeUnit.SECONDS);
		}
		for (Conn conn : https) {
			conn.ready.get(30, TimeUnit.SECONDS);
		}
		String http = "GET /bench/echo?q=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port + "\r\n\r\n";
		String socket = "{\"id\":%d,\"action\":\"call-route\",\"method\":\"get\",\"uri\":\"/bench/echo?q=1\"}";
		Call overSocket = (conn, id) -> conn.sendText(socket.formatted(id));
		Call overHttp = (conn, id) -> conn.sendText(http);
		// Both paths share Spring MVC's code with different request types, and the JIT
		// recompiles it each time the traffic switches until it has seen both: in runs of (e)
		// alone its threads took a fifth of the server's CPU for a minute. Passes of each path
		// in turn warm it; then segments in the order socket, HTTP, HTTP, socket, ... so that what is left of
		// that (and any drift) falls on both, and the figures are pooled per path.
		warmUntilCompiled(server, "(e)", () -> {
			calls(sockets, overSocket);
			calls(https, overHttp);
		});
		List<Calls> bySocket = new ArrayList<>();
		List<Calls> byHttp = new ArrayList<>();
		for (int segment = 0; segment < 8; segment++) {
			boolean overTheSocket = (segment % 4 == 0) || (segment % 4 == 3);
			if (overTheSocket) {
				bySocket.add(callsMeasured(server, sockets, overSocket));
			}
			else {
				byHttp.add(callsMeasured(server, https, overHttp));
			}
		}
		double socketRate = putCalls(server, scenario, "over the socket (call-route): ", bySocket);
		double httpRate = putCalls(server, scenario, "over HTTP keep-alive: ", byHttp);
		put(scenario, "socket calls/s ÷ HTTP calls/s", server.kind, socketRate / httpRate);
		closeAll(sockets);
		closeAll(https);
	}

	// Runs warm-up passes until the JIT's compiler threads use under 5% of one core during one
	// (after at least two), or the scale's most; the report's notes say how far it got.
	private void warmUntilCompiled(ServerProcess server, String what, WarmUpPass warmUp) throws Exception {
		for (int pass = 0; pass < this.scale.warmUpPasses(); pass++) {
			long compilerBefore = server.compilerCpuMicros();
			long before = System.nanoTime();
			warmUp.run();
			double compiling = (server.compilerCpuMicros() - compilerBefore) / 1000.0
					/ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
			String warmedUp = String.format("%s warm-up pass %d: JIT compiler threads %.0f%% of one core", what,
					pass + 1, 100 * compiling);
			progress(warmedUp);
			if ((pass >= 1 && compiling < 0.05) || pass == this.scale.warmUpPasses() - 1) {
				this.notes.add(server.kind.label + ": " + warmedUp);
				break;
			}
		}
	}

	private interface WarmUpPass {

		void run() throws Exception;

	}

	private interface Call {

		void send(Conn conn, int id);

	}

	/** What one segment of calls over one path saw. */
	record Calls(long calls, long failed, long nanos, long serverCpuMicros, long clientCpuMicros, int[] latencies,
			KernelCounts kernel) {
	}

	private void calls(List<Conn> conns, Call call) throws Exception {
		callsMeasured(null, conns, call); // a warm-up pass: no server figures
	}

	private Calls callsMeasured(ServerProcess server, List<Conn> conns, Call call) throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong completed = new AtomicLong();
		AtomicLong failedCalls = new AtomicLong();
		LoadClient.IntLists latencies = new LoadClient.IntLists(conns.size());
		CompletableFuture<?>[] stopped = new CompletableFuture<?>[conns.size()];
		long[][] sentAts = new long[conns.size()][1];
		for (int i = 0; i < conns.size(); i++) {
			Conn conn = conns.get(i);
			int index = i;
			long[] sentAt = sentAts[i];
			int[] nextId = { 1 };
			CompletableFuture<Void> done = new CompletableFuture<>();
			stopped[i] = done;
			conn.onReply((id, status) -> {
				latencies.add(index, (int) ((System.nanoTime() - sentAt[0]) / 1000));
				completed.incrementAndGet();
				if (status != 200) {
					// A route that answers 404 or 500 is fast, and no call.
					failedCalls.incrementAndGet();
				}
				if (running.get()) {
					sentAt[0] = System.nanoTime();
					call.send(conn, ++nextId[0]);
				}
				else {
					done.complete(null);
				}
			});
		}
		long cpuBefore = (server != null) ? server.cpuMicros() : 0;
		long clientCpuBefore = Machine.selfCpuMicros();
		long start = System.nanoTime();
		for (int i = 0; i < conns.size(); i++) {
			// The first call of each connection is sent from here; it is timed like the others
			// (a zero send time made 64 bogus samples of days, which were the p99 of a slow run).
			sentAts[i][0] = System.nanoTime();
			call.send(conns.get(i), 1);
		}
		long segmentMillis = TimeUnit.SECONDS.toMillis(this.scale.callSeconds());
		// Counted over the segment less its last quarter second, so that perf's count ends
		// before the calls stop.
		KernelCounts.Counting counting = (server != null && KernelCounts.enabled())
				? KernelCounts.start(server.pid(), segmentMillis - 250) : null;
		Thread.sleep(segmentMillis);
		running.set(false);
		long stop = System.nanoTime();
		long done = completed.get();
		CompletableFuture.allOf(stopped).get(30, TimeUnit.SECONDS);
		long cpu = (server != null) ? server.cpuMicros() - cpuBefore : 0;
		long clientCpu = Machine.selfCpuMicros() - clientCpuBefore;
		KernelCounts kernel = (counting != null) ? counting.await() : KernelCounts.NONE;
		// The calls answered after the stop are in the CPU figures and the latencies, and counted
		// there; the rate counts those answered in the segment's time.
		return new Calls(done, failedCalls.get(), stop - start, cpu, clientCpu, latencies.sorted(), kernel);
	}

	// The latencies of several segments, pooled and sorted.
	private static int[] pooled(List<int[]> segments) {
		int[] all = new int[segments.stream().mapToInt((latencies) -> latencies.length).sum()];
		int at = 0;
		for (int[] latencies : segments) {
			System.arraycopy(latencies, 0, all, at, latencies.length);
			at += latencies.length;
		}
		Arrays.sort(all);
		return all;
	}

	private double putCalls(ServerProcess server, String scenario, String prefix, List<Calls> segments) {
		long calls = segments.stream().mapToLong(Calls::calls).sum();
		long nanos = segments.stream().mapToLong(Calls::nanos).sum();
		long cpu = segments.stream().mapToLong(Calls::serverCpuMicros).sum();
		long clientCpu = segments.stream().mapToLong(Calls::clientCpuMicros).sum();
		int[] latencies = pooled(segments.stream().map(Calls::latencies).toList());
		int answered = latencies.length;
		double rate = calls / seconds(nanos);
		put(scenario, prefix + "calls/s", server.kind, rate);
		put(scenario, prefix + "server CPU µs per call", server.kind, (double) cpu / Math.max(1, answered));
		put(scenario, prefix + "client CPU µs per call", server.kind, (double) clientCpu / Math.max(1, answered));
		put(scenario, prefix + "p50 (ms)", server.kind, percentile(latencies, 50) / 1000.0);
		put(scenario, prefix + "p99 (ms)", server.kind, percentile(latencies, 99) / 1000.0);
		put(scenario, prefix + "calls answered other than 200", server.kind,
				segments.stream().mapToLong(Calls::failed).sum());
		KernelCounts kernel = segments.stream().map(Calls::kernel).reduce(KernelCounts.NONE, KernelCounts::plus);
		if (kernel.seconds() > 0) {
			// perf counted for part of each segment: per call at the segments' rate.
			double callsCounted = rate * kernel.seconds();
			put(scenario, prefix + "server system calls per call (perf)", server.kind, kernel.systemCalls() / callsCounted);
			put(scenario, prefix + "server context switches per call (perf)", server.kind,
					kernel.contextSwitches() / callsCounted);
		}
		return rate;
	}

	// Opening sockets

	/**
	 * Ask the server to push, wait for the expected deliveries (or for them to stop coming), and
	 * take what the push scenarios report.
	 * @param offeredNanos how long a fixed rate offers its pushes (pushes / rate), or 0 for
	 * pushes as fast as the server accepts them
	 */
	private Pushed push(ServerProcess server, LoadClient client, String pushPath, long expected, long offeredNanos)
			throws Exception {
		client.record(true);
		long before = client.deliveries();
		long futureBefore = client.stampsFromTheFuture();
		long duplicatesBefore = client.duplicates();
		long staleBefore = client.stale();
		long cpuBefore = server.cpuMicros();
		long clientCpuBefore = Machine.selfCpuMicros();
		long start = System.nanoTime();
		server.post(pushPath);
		long pushed = System.nanoTime();
		long last = awaitDeliveries(client, before + expected);
		long got = client.deliveries() - before;
		long cpu = server.cpuMicros() - cpuBefore;
		long clientCpu = Machine.selfCpuMicros() - clientCpuBefore;
		int[] latencies = client.latencies();
		client.record(false);
		long duplicates = client.duplicates() - duplicatesBefore;
		long stale = client.stale() - staleBefore;
		if (duplicates > 0 || stale > 0) {
			// Not in the deliveries: they cannot make up for a push lost in this run.
			this.notes.add(server.kind.label + ": " + duplicates + " pushes received twice by a socket and " + stale
					+ " stamped before the run were not counted as delivered: " + pushPath);
		}
		long future = client.stampsFromTheFuture() - futureBefore;
		if (future > 0) {
			// Recorded as 0 µs: the latencies are not to be trusted.
			this.notes.add(server.kind.label + ": " + future + " deliveries had a send stamp later than their"
					+ " receipt (the wall clock stepped back, or the stamps were misread): " + pushPath);
		}
		return new Pushed(got, pushed - start, last - start, offeredNanos, cpu, clientCpu, latencies);
	}

	/**
	 * What one push scenario saw; times in nanoseconds from its start. {@code offeredNanos} is
	 * how long a fixed rate offers its pushes: n pushes at r a second take n/r seconds of
	 * offered load, while the last one is made (n-1)/r seconds after the first, so a server that
	 * keeps up delivers the last one before n/r seconds have passed.
	 */
	record Pushed(long got, long pushedNanos, long lastNanos, long offeredNanos, long serverCpuMicros,
			long clientCpuMicros, int[] latencies) {

		/** The time the deliveries are counted over: until the last one, and no less than the offered time. */
		long windowNanos() {
			return Math.max(this.lastNanos, this.offeredNanos);
		}

		double deliveriesPerSecond() {
			return this.got / seconds(windowNanos());
		}

		double serverCpuPerDelivery() {
			return (double) this.serverCpuMicros / Math.max(1, this.got);
		}

		double clientCpuPerDelivery() {
			return (double) this.clientCpuMicros / Math.max(1, this.got);
		}

	}

	record Opened(List<Conn> conns, long upgradeNanos, long establishedNanos, long readyNanos, int failed) {
	}

	private Opened subscribe(ServerProcess server, LoadClient client, int n, boolean ownChannels) throws Exception {
		List<String[]> ids = new ArrayList<>();
		if (server.kind.ours()) {
			int batch = 1000;
			for (int first = 0; first < n; first += batch) {
				int count = Math.min(batch, n - first);
				String body = server.post("/bench/connections?count=" + count + "&first=" + first + "&channels="
						+ (ownChannels ? "shared" : "bench") + "&own=" + ownChannels);
				for (String line : body.split("\n")) {
					ids.add(line.split(" "));
				}
			}
		}
		Semaphore window = new Semaphore(256);
		List<Conn> conns = new ArrayList<>(n);
		long start = System.nanoTime();
		for (int i = 0; i < n; i++) {
			window.acquire();
			Conn conn;
			if (server.kind.ours()) {
				conn = openOurs(client, ids.get(i)[0], ids.get(i)[1], "");
			}
			else if (server.kind.bare()) {
				conn = client.open(Protocol.BARE, "/bare?channels=" + (ownChannels ? "own-" + i + ",shared" : "bench"),
						List.of());
			}
			else {
				conn = client.open(Protocol.STOMP, "/stomp",
						ownChannels ? List.of("/topic/own-" + i, "/topic/shared") : List.of("/topic/bench"));
			}
			conn.upgraded.whenComplete((ok, ex) -> window.release());
			conns.add(conn);
		}
		int failed = 0;
		for (Conn conn : conns) {
			try {
				conn.upgraded.get(60, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				failed++;
			}
		}
		long upgraded = System.nanoTime();
		progress(n + " sockets upgraded (" + failed + " failed) in " + (upgraded - start) / 1_000_000 + " ms");
		for (Conn conn : conns) {
			try {
				conn.ready.get(60, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				failed++;
			}
		}
		long established = System.nanoTime();
		// Subscribed means: received a first push. Spring's SimpleBroker sends no RECEIPT, so
		// both systems are asked the same question.
		String probe = ownChannels ? "/bench/push?own=" + n + "&channels=shared&count=" + (n + 1)
				: "/bench/push?channels=bench&count=1";
		long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < probeDeadline) {
			server.post(probe);
			long pending = awaitFirstPush(conns, ownChannels ? 2 : 1);
			if (pending > 0) {
				progress(pending + " sockets still without a first push");
			}
			if (pending == 0) {
				break;
			}
		}
		long ready = System.nanoTime();
		// Failed: every socket that is not open and subscribed now, whatever the step it
		// failed at. awaitFirstPush leaves out the sockets closed meanwhile, and the probes
		// stop after their deadline with sockets still pending: neither may pass for opened.
		int firstPushes = ownChannels ? 2 : 1;
		failed = (int) conns.stream()
			.filter((c) -> !c.ready.isDone() || c.ready.isCompletedExceptionally() || c.closed.isDone()
					|| c.received() < firstPushes)
			.count();
		progress(n + " sockets subscribed in " + (ready - start) / 1_000_000 + " ms (" + failed + " not)");
		settle(client);
		if (failed > 0) {
			this.notes.add(server.kind.label + ": " + failed + " of " + n + " sockets failed to open or subscribe");
		}
		return new Opened(conns, upgraded - start, established - start, ready - start, failed);
	}

	/** Wait until every open socket received its pushes, or until nothing arrives for 300 ms; answer how many did not. */
	private static long awaitFirstPush(List<Conn> conns, int count) throws InterruptedException {
		long lastChange = System.nanoTime();
		long pending = -1;
		while (true) {
			long now = conns.stream().filter((c) -> !c.closed.isDone() && c.received() < count).count();
			if (now == 0) {
				return 0;
			}
			if (now != pending) {
				pending = now;
				lastChange = System.nanoTime();
			}
			else if (System.nanoTime() - lastChange > TimeUnit.MILLISECONDS.toNanos(300)) {
				return pending;
			}
			Thread.sleep(2);
		}
	}

	/** Wait until no push has arrived for 300 ms. */
	private static void settle(LoadClient client) throws InterruptedException {
		long seen = client.deliveries();
		long lastChange = System.nanoTime();
		while (System.nanoTime() - lastChange < TimeUnit.MILLISECONDS.toNanos(300)) {
			Thread.sleep(10);
			long now = client.deliveries();
			if (now != seen) {
				seen = now;
				lastChange = System.nanoTime();
			}
		}
	}

	// A non-browser client sends its key in the X-Socket-Key header, which keeps it out of URLs
	// (and access logs); -Dbench.keyInUrl=true sends it as the socket_key query parameter.
	private static Conn openOurs(LoadClient client, String connectionId, String key, String moreQuery) {
		if (Boolean.getBoolean("bench.keyInUrl")) {
			return client.open(Protocol.OURS, "/?socket_connection_id=" + connectionId + "&socket_key=" + key + moreQuery,
					List.of());
		}
		return client.open(Protocol.OURS, "/?socket_connection_id=" + connectionId + moreQuery,
				"X-Socket-Key: " + key + "\r\n", List.of());
	}

	private Conn subscribeOne(ServerProcess server, LoadClient client, String query, String extraChannel)
			throws Exception {
		Conn conn;
		if (server.kind.ours()) {
			String[] idAndKey = server.post("/bench/connections?count=1&channels=bench," + extraChannel).trim().split(" ");
			conn = openOurs(client, idAndKey[0], idAndKey[1], "&" + query);
		}
		else {
			conn = client.open(Protocol.STOMP, "/stomp?" + query, List.of("/topic/bench", "/topic/" + extraChannel));
		}
		conn.ready.get(30, TimeUnit.SECONDS);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (conn.received() == 0 && System.nanoTime() < deadline) {
			server.post("/bench/push?channels=bench&count=1");
			awaitFirstPush(List.of(conn), 1);
		}
		settle(client);
		return conn;
	}

	// Until the server has handled the closing of the sockets before (STOMP handles each on its
	// inbound channel, after the socket is gone) and the JIT has compiled what they queued:
	// both would otherwise be counted against the sockets opened next.
	private void awaitQuiet(ServerProcess server) throws InterruptedException {
		long start = System.nanoTime();
		Thread.sleep(1000);
		long cpu = server.cpuMicros();
		while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
			Thread.sleep(250);
			long now = server.cpuMicros();
			if (now - cpu < 12_500) {
				break;
			}
			cpu = now;
		}
		progress("server quiet after " + (System.nanoTime() - start) / 1_000_000 + " ms");
	}

	private static void closeAll(List<Conn> conns) {
		for (Conn conn : conns) {
			conn.close();
		}
	}

	/** Wait until the count is reached or nothing arrives for two seconds; answer when the last arrived. */
	private static long awaitDeliveries(LoadClient client, long target) throws InterruptedException {
		long last = System.nanoTime();
		long seen = client.deliveries();
		while (seen < target) {
			Thread.sleep(5);
			long now = client.deliveries();
			if (now != seen) {
				seen = now;
				last = System.nanoTime();
			}
			else if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(2)) {
				break;
			}
		}
		return (seen >= target) ? System.nanoTime() : last;
	}

	// Recording

	private void latencies(String scenario, Kind kind, int[] sorted, boolean p90) {
		latencies(scenario, kind, sorted, p90, "");
	}

	private void latencies(String scenario, Kind kind, int[] sorted, boolean p90, String prefix) {
		put(scenario, prefix + "p50 (ms)", kind, percentile(sorted, 50) / 1000.0);
		if (p90) {
			put(scenario, prefix + "p90 (ms)", kind, percentile(sorted, 90) / 1000.0);
		}
		put(scenario, prefix + "p99 (ms)", kind, percentile(sorted, 99) / 1000.0);
		put(scenario, prefix + "max (ms)", kind, ((sorted.length == 0) ? 0 : sorted[sorted.length - 1]) / 1000.0);
	}

	private static double segmentP99(Pushed segment) {
		int[] sorted = segment.latencies().clone();
		Arrays.sort(sorted);
		return percentile(sorted, 99);
	}

	static double percentile(int[] sorted, double percent) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static void progress(String what) {
		System.out.println("   " + java.time.LocalTime.now().withNano(0) + " " + what);
	}

	private void put(String scenario, String metric, Kind kind, double value) {
		this.results.computeIfAbsent(scenario, (s) -> new LinkedHashMap<>())
			.computeIfAbsent(metric, (m) -> new LinkedHashMap<>())
			.computeIfAbsent(kind, (k) -> new ArrayList<>())
			.add(value);
	}

	private static double seconds(long nanos) {
		return Math.max(1, nanos) / 1e9;
	}

	static String format(double value) {
		double abs = Math.abs(value);
		if (abs >= 1000) {
			return String.format("%,.0f", value);
		}
		if (abs >= 100) {
			return String.format("%.0f", value);
		}
		if (abs >= 10) {
			return String.format("%.1f", value);
		}
		return String.format("%.2f", value);
	}

	static double median(List<Double> values) {
		return medianOfSorted(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
	}

	private static double medianOfSorted(double[] sorted) {
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
