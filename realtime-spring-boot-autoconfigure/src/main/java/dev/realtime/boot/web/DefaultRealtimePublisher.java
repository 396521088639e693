package dev.realtime.boot.web;

import java.util.Collection;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.broker.ChannelNames;
import dev.realtime.boot.broker.LocalBroker;

/**
 * {@link RealtimePublisher} that hands pushes to the broker.
 */
public class DefaultRealtimePublisher implements RealtimePublisher {

	private final LocalBroker broker;

	/**
	 * Create a publisher.
	 * @param broker the broker that delivers pushes
	 */
	public DefaultRealtimePublisher(LocalBroker broker) {
		this.broker = broker;
	}

	@Override
	public void push(Object payload, String... channels) {
		this.broker.push(payload, ChannelNames.validate(channels));
	}

	@Override
	public void push(Object payload, Collection<String> channels) {
		this.broker.push(payload, ChannelNames.validate(channels));
	}

}
