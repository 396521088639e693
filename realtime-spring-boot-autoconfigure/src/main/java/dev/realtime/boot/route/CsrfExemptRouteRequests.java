package dev.realtime.boot.route;

import org.springframework.security.web.csrf.CsrfFilter;

import dev.realtime.boot.action.RealtimeMessage;

/**
 * Exempts routes called over the socket from Spring Security's CSRF check. A CSRF token proves
 * that a request comes from the application's own pages; a socket proves more: its handshake
 * passed the Origin check (browsers always send Origin on a WebSocket handshake, and only the
 * application's origin and {@code realtime.allowed-origins} are admitted), and it holds a
 * connection id that only a page of the application, read with the session's cookie, could
 * have given it. A cross-site page can neither open such a socket nor send frames on one.
 */
public class CsrfExemptRouteRequests implements RouteRequestCustomizer {

	@Override
	public void customize(RouteRequest request, RealtimeMessage message) {
		CsrfFilter.skipRequest(request);
	}

}
