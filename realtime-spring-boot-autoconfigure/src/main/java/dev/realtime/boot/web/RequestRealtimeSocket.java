package dev.realtime.boot.web;

import java.util.Collection;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.broker.ChannelNames;
import dev.realtime.boot.broker.LocalBroker;

/**
 * {@link RealtimeSocket} bound to the current HTTP request: a singleton that finds, in the
 * request's attributes, the socket the request acts for. A request that has none gets a new
 * connection id, digested with its HTTP session's socket key.
 */
public class RequestRealtimeSocket implements RealtimeSocket {

	/**
	 * Request attribute holding the {@link SocketIdentity} that the request acts for; set it to
	 * make a request act for an existing socket.
	 */
	public static final String IDENTITY_ATTRIBUTE = RequestRealtimeSocket.class.getName() + ".IDENTITY";

	/**
	 * Request attribute holding the message of a route called over a socket ({@code call-route})
	 * that the request answers: a session that the route ends closes that socket once this
	 * message is answered.
	 */
	public static final String CALL_ATTRIBUTE = RequestRealtimeSocket.class.getName() + ".CALL";

	private final ConnectionIssuer issuer;

	private final LocalBroker broker;

	private final RealtimePublisher publisher;

	/**
	 * Create a request-bound socket.
	 * @param issuer the issuer of new connection ids
	 * @param broker the broker that keeps subscriptions
	 * @param publisher the publisher that pushes
	 */
	public RequestRealtimeSocket(ConnectionIssuer issuer, LocalBroker broker, RealtimePublisher publisher) {
		this.issuer = issuer;
		this.broker = broker;
		this.publisher = publisher;
	}

	@Override
	public String connectionId() {
		return current().connectionId();
	}

	@Override
	public void subscribe(String... channels) {
		this.broker.subscribe(current().digest(), ChannelNames.validate(channels));
	}

	@Override
	public void subscribe(Collection<String> channels) {
		this.broker.subscribe(current().digest(), ChannelNames.validate(channels));
	}

	@Override
	public void unsubscribe(String... channels) {
		this.broker.unsubscribe(current().digest(), ChannelNames.validate(channels));
	}

	@Override
	public void unsubscribe(Collection<String> channels) {
		this.broker.unsubscribe(current().digest(), ChannelNames.validate(channels));
	}

	@Override
	public void push(Object payload, String... channels) {
		this.publisher.push(payload, channels);
	}

	@Override
	public void push(Object payload, Collection<String> channels) {
		this.publisher.push(payload, channels);
	}

	/**
	 * Return the identity of the current request's socket, issuing one on first use.
	 * @return the identity
	 * @throws IllegalStateException outside an HTTP request
	 */
	public SocketIdentity current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servletAttributes)) {
			throw new IllegalStateException("RealtimeSocket is only available while handling an HTTP request "
					+ "(or a route called over the socket); use RealtimePublisher to push from elsewhere");
		}
		SocketIdentity identity = existing(servletAttributes);
		if (identity == null) {
			HttpServletRequest request = servletAttributes.getRequest();
			identity = this.issuer.issue(request.getSession(true));
			servletAttributes.setAttribute(IDENTITY_ATTRIBUTE, identity, RequestAttributes.SCOPE_REQUEST);
		}
		return identity;
	}

	private static @Nullable SocketIdentity existing(RequestAttributes attributes) {
		Object identity = attributes.getAttribute(IDENTITY_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		return (identity instanceof SocketIdentity socketIdentity) ? socketIdentity : null;
	}

}
