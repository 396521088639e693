package dev.realtime.benchmark.server;

/**
 * Pushes one payload to one channel, the way each system under test does it.
 */
@FunctionalInterface
public interface Pusher {

	/**
	 * Push a payload.
	 * @param payload the payload, serialized to JSON by the system
	 * @param channel the channel (a topic for STOMP)
	 */
	void push(Object payload, String channel);

}
