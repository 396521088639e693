package dev.realtime.boot.route;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;

import dev.realtime.boot.action.RealtimeMessage;

/**
 * Exempts routes called over the socket from Spring Security's CSRF check. A CSRF token proves
 * that a request comes from the application's own pages; a socket proves more: its handshake
 * passed the Origin check (browsers always send Origin on a WebSocket handshake, and only the
 * application's origin and {@code realtime.allowed-origins} are admitted), and it holds a
 * connection id that only a page of the application, read with the session's cookie, could
 * have given it. A cross-site page can neither open such a socket nor send frames on one.
 * <p>
 * The {@link CsrfFilter} still runs, so that the route finds the session's token on its
 * request, as over HTTP: a form that a view renders gets its hidden {@code _csrf} field, and
 * {@code ${_csrf.token}} reads it. (Skipped with {@link CsrfFilter#skipRequest}, the filter put
 * no token there: such a form lacked the field, and was refused when posted over HTTP, and
 * {@code ${_csrf.token}} failed the view.) Its check reads the token from the header that the
 * token names, which the request answers with the token the filter put on it, whatever the
 * call's own headers say.
 */
public class CsrfExemptRouteRequests implements RouteRequestCustomizer {

	private static final String TOKEN_ATTRIBUTE = CsrfToken.class.getName();

	@Override
	public void customize(RouteRequest request, RealtimeMessage message) {
		request.setHeaderOverride(new TokenHeader(request));
	}

	/**
	 * The header that the request's CSRF token names, answered with that token.
	 */
	private static final class TokenHeader implements Function<String, @Nullable String> {

		private final RouteRequest request;

		// A token repository that reads a header itself, while the token is being loaded, reads
		// the request's own: one request is dispatched on one thread at a time.
		private boolean reading;

		TokenHeader(RouteRequest request) {
			this.request = request;
		}

		@Override
		public @Nullable String apply(String name) {
			if (this.reading || !(this.request.getAttribute(TOKEN_ATTRIBUTE) instanceof CsrfToken token)) {
				return null;
			}
			this.reading = true;
			try {
				return token.getHeaderName().equalsIgnoreCase(name) ? token.getToken() : null;
			}
			finally {
				this.reading = false;
			}
		}

	}

}
