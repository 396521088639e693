package dev.realtime.boot.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;

/**
 * Gauges of what is open on this instance: sockets, channels with a subscriber, and
 * subscriptions. Read when the registry is scraped, so nothing is counted twice.
 */
public class RealtimeMeterBinder implements MeterBinder {

	private final LiveConnections connections;

	private final LocalBroker broker;

	/**
	 * Create a binder.
	 * @param connections the sockets open on this instance
	 * @param broker the broker that indexes them by channel
	 */
	public RealtimeMeterBinder(LiveConnections connections, LocalBroker broker) {
		this.connections = connections;
		this.broker = broker;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("realtime.connections", this.connections, LiveConnections::size)
			.description("Sockets open on this instance")
			.register(registry);
		Gauge.builder("realtime.channels", this.broker, LocalBroker::channelCount)
			.description("Channels with a subscribed socket open on this instance")
			.register(registry);
		Gauge.builder("realtime.subscriptions", this.broker, LocalBroker::subscriptionCount)
			.description("Subscriptions of the sockets open on this instance, one per socket and channel")
			.register(registry);
	}

}
