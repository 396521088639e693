package dev.realtime.boot;

import java.util.Collection;

/**
 * Pushes messages to every socket subscribed to a channel. A singleton that works anywhere:
 * in a request, a scheduled job or an event listener.
 * <p>
 * The payload is serialized to JSON once, with the application's {@code JsonMapper}, whatever
 * the number of subscribers; each subscriber receives
 * {@code {"channel":"<subscribed channel>","payload":<payload>}}.
 */
public interface RealtimePublisher {

	/**
	 * Push a payload to the given channels, or to every subscribed channel matching a name
	 * that contains {@code *}.
	 * @param payload the value to push, serialized as JSON
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void push(Object payload, String... channels);

	/**
	 * Push a payload to the given channels, or to every subscribed channel matching a name
	 * that contains {@code *}.
	 * @param payload the value to push, serialized as JSON
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void push(Object payload, Collection<String> channels);

}
