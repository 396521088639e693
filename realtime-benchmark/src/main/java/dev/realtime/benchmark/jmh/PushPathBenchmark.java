package dev.realtime.benchmark.jmh;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.json.JsonMapper;

import dev.realtime.benchmark.server.Tick;
import dev.realtime.boot.broker.ChannelNames;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.broker.PushFrames;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.SendLimits;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.registry.InMemoryRealtimeRegistry;

/**
 * The push hot path of one instance: encoding a frame, finding a channel's subscribers (by name
 * and by wildcard), and the registry's lookups. Run with {@code -prof gc} for the allocation per
 * operation ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class PushPathBenchmark {

	/** Channels indexed, one socket on each. */
	@Param({ "1000" })
	int channels;

	private PushFrames frames;

	private Tick tick;

	private String payloadJson;

	private InMemoryRealtimeRegistry registry;

	private LiveConnections connections;

	private LocalBroker broker;

	private String digest;

	private List<String> exact;

	private List<String> wildcard;

	@Setup(Level.Trial)
	public void setUp() {
		this.frames = new PushFrames(JsonMapper.builder().build());
		this.tick = new Tick(Tick.nowMicros(), 1, Tick.padding(128));
		this.payloadJson = this.frames.payloadJson(this.tick);
		this.registry = new InMemoryRealtimeRegistry(Duration.ofMinutes(10));
		this.connections = new LiveConnections(new SendLimits(Duration.ofSeconds(10), Long.MAX_VALUE), 2, Duration.ZERO);
		this.broker = new LocalBroker(this.registry, this.connections, this.frames);
		for (int i = 0; i < this.channels; i++) {
			String key = SocketSecrets.newSecret();
			String id = SocketSecrets.newSecret();
			String digest = SocketSecrets.digest(key, id);
			this.registry.issue(digest, Duration.ofMinutes(10));
			this.registry.claim(digest);
			this.broker.subscribe(digest, List.of("room:" + i));
			this.broker.connected(this.connections.open(new DiscardingSession("s" + i), id, digest, null));
			this.digest = digest;
		}
		this.exact = ChannelNames.validate("room:" + (this.channels / 2));
		this.wildcard = ChannelNames.validate("room:" + (this.channels / 2) + "*");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.connections.close();
		this.registry.close();
	}

	/** Serialize a ~128 B payload with the application's JsonMapper: once per push. */
	@Benchmark
	public String serializePayload() {
		return this.frames.payloadJson(this.tick);
	}

	/** Build one channel's frame around a serialized payload: once per push and channel. */
	@Benchmark
	public TextMessage encodeFrame() {
		return this.frames.push("room:1", this.payloadJson);
	}

	/** A push to one channel by name, among {@code channels}, delivered to its one socket's queue. */
	@Benchmark
	public void publishByName() {
		this.broker.publish(this.payloadJson, this.exact);
	}

	/** The same push by a wildcard matching that one channel: a scan of every channel. */
	@Benchmark
	public void publishByWildcard() {
		this.broker.publish(this.payloadJson, this.wildcard);
	}

	/** The registry's subscriptions of a digest: looked up when a socket connects. */
	@Benchmark
	public Set<String> registrySubscriptions() {
		return this.registry.subscriptions(this.digest);
	}

	/** The open socket of a digest: looked up on subscribe, unsubscribe and close. */
	@Benchmark
	public Object liveConnection() {
		return this.connections.get(this.digest);
	}

}
