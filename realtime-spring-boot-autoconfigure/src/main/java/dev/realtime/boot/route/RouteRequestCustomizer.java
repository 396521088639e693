package dev.realtime.boot.route;

import dev.realtime.boot.action.RealtimeMessage;

/**
 * Callback that customizes the request built for a route called over the socket, before it
 * enters the application's filters. Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface RouteRequestCustomizer {

	/**
	 * Customize a request.
	 * @param request the request, as built from the message and the socket's handshake
	 * @param message the {@code call-route} message
	 */
	void customize(RouteRequest request, RealtimeMessage message);

}
