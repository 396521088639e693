package dev.realtime.boot.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.realtime.boot.RealtimeObserver;

/**
 * {@link RealtimeObserver} that counts what happens in Micrometer meters. Tags take a bounded
 * set of values: handshake outcomes, send limits, the names of registered actions (any other
 * action is {@code unknown}), and status codes; never channel names or ids.
 */
public class MicrometerRealtimeObserver implements RealtimeObserver {

	/** Tag value of a message that named no registered action. */
	public static final String UNKNOWN_ACTION = "unknown";

	private final MeterRegistry registry;

	private final Map<HandshakeOutcome, Counter> handshakes = new EnumMap<>(HandshakeOutcome.class);

	private final Map<SendLimit, Counter> sendClosed = new EnumMap<>(SendLimit.class);

	private final Counter pushes;

	private final Counter framesDelivered;

	/**
	 * Create an observer that registers its meters in the given registry.
	 * @param registry the meter registry
	 */
	public MicrometerRealtimeObserver(MeterRegistry registry) {
		this.registry = registry;
		for (HandshakeOutcome outcome : HandshakeOutcome.values()) {
			this.handshakes.put(outcome, Counter.builder("realtime.handshakes")
				.description("WebSocket handshakes on the realtime endpoint, by outcome")
				.tag("outcome", outcome.tag())
				.register(registry));
		}
		for (SendLimit limit : SendLimit.values()) {
			this.sendClosed.put(limit, Counter.builder("realtime.send.closed")
				.description("Sockets closed (1013) because a client did not keep up with the send limits, by limit")
				.tag("reason", limit.tag())
				.register(registry));
		}
		this.pushes = Counter.builder("realtime.pushes")
			.description("Pushes handed to this instance's broker, whether or not a socket was subscribed")
			.register(registry);
		this.framesDelivered = Counter.builder("realtime.frames.delivered")
			.description("Push frames queued for the sockets open on this instance, one per subscribed socket")
			.register(registry);
	}

	@Override
	public void handshake(HandshakeOutcome outcome) {
		this.handshakes.get(outcome).increment();
	}

	@Override
	public void pushed() {
		this.pushes.increment();
	}

	@Override
	public void delivered(int frames) {
		if (frames > 0) {
			this.framesDelivered.increment(frames);
		}
	}

	@Override
	public void closedBySendLimit(SendLimit limit) {
		this.sendClosed.get(limit).increment();
	}

	@Override
	public void inbound(@Nullable String action, int status) {
		Counter.builder("realtime.inbound")
			.description("Messages from clients, by action and outcome of the reply")
			.tag("action", (action != null) ? action : UNKNOWN_ACTION)
			.tag("outcome", outcome(status))
			.register(this.registry)
			.increment();
	}

	@Override
	public void routeCalled(int status, Duration duration) {
		Timer.builder("realtime.call-route")
			.description("Routes called over the socket, by status of the response")
			.tag("status", String.valueOf(status))
			.tag("outcome", outcome(status))
			.register(this.registry)
			.record(duration);
	}

	// The outcome values of Spring's HTTP server metrics, so that dashboards read alike.
	private static String outcome(int status) {
		if (status >= 100 && status < 200) {
			return "INFORMATIONAL";
		}
		if (status >= 200 && status < 300) {
			return "SUCCESS";
		}
		if (status >= 300 && status < 400) {
			return "REDIRECTION";
		}
		if (status >= 400 && status < 500) {
			return "CLIENT_ERROR";
		}
		if (status >= 500 && status < 600) {
			return "SERVER_ERROR";
		}
		return "UNKNOWN";
	}

}
