package dev.realtime.boot;

import java.util.Collection;

/**
 * The client socket of the current HTTP request, as Pakyow's {@code socket} helper.
 * <p>
 * Inject it into a controller. While a page is being rendered it stands for the connection id
 * minted for that page, so channels subscribed here are delivered once the page's socket
 * connects. The same id is written onto the page's {@code <body>} as
 * {@code data-socket-connection-id} (with Thymeleaf) and offered to views as the
 * {@code socketConnectionId} model attribute.
 * <p>
 * Channel names are non-empty strings of at most 256 characters. A push to a name that
 * contains {@code *} reaches every subscribed channel that matches it, {@code *} standing for
 * any run of characters other than {@code ;}.
 *
 * @see RealtimePublisher
 */
public interface RealtimeSocket {

	/**
	 * Return the connection id of the current request's socket, minting one (and recording it
	 * as issued) on first use in the request.
	 * @return the connection id, 64 lowercase hex characters
	 * @throws IllegalStateException if called outside an HTTP request
	 */
	String connectionId();

	/**
	 * Subscribe this socket to the given channels.
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void subscribe(String... channels);

	/**
	 * Subscribe this socket to the given channels.
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void subscribe(Collection<String> channels);

	/**
	 * Unsubscribe this socket from the given channels.
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void unsubscribe(String... channels);

	/**
	 * Unsubscribe this socket from the given channels.
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void unsubscribe(Collection<String> channels);

	/**
	 * Push a payload to every socket subscribed to the given channels, as
	 * {@link RealtimePublisher#push(Object, String...)}.
	 * @param payload the value to push, serialized as JSON
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void push(Object payload, String... channels);

	/**
	 * Push a payload to every socket subscribed to the given channels, as
	 * {@link RealtimePublisher#push(Object, Collection)}.
	 * @param payload the value to push, serialized as JSON
	 * @param channels one or more channel names
	 * @throws IllegalArgumentException if no channel is given or a name is blank or too long
	 */
	void push(Object payload, Collection<String> channels);

}
