package dev.realtime.boot.route;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;

import dev.realtime.boot.web.SessionIdChangeRefusedException;

/**
 * The servlet request of a route called over the socket. It is built on Spring's in-memory
 * servlet request, the one MockMvc dispatches through the same filters and DispatcherServlet
 * without a network connection.
 */
public class RouteRequest extends MockHttpServletRequest {

	// The servlet containers' default, for async routes that set no timeout of their own.
	private static final long DEFAULT_ASYNC_TIMEOUT = 30_000;

	private volatile @Nullable Runnable onComplete;

	private volatile boolean completed;

	private @Nullable ServletResponse response;

	private volatile @Nullable List<Locale> locales;

	private volatile @Nullable Function<String, @Nullable String> headerOverride;

	RouteRequest(ServletContext servletContext) {
		super(servletContext);
		setAsyncSupported(true);
	}

	/**
	 * Have {@link #getHeader(String)} ask the given function first, when the application reads
	 * a header, and read the headers the request was built with only when it answers
	 * {@code null}: for a header whose value is known only once the application's filters have
	 * run, such as the CSRF token that Spring Security's filter puts on the request (see
	 * {@link CsrfExemptRouteRequests}).
	 * @param override gives a header's value by its name, or {@code null}
	 */
	public void setHeaderOverride(Function<String, @Nullable String> override) {
		this.headerOverride = override;
	}

	@Override
	public @Nullable String getHeader(String name) {
		Function<String, @Nullable String> override = this.headerOverride;
		if (override != null) {
			String value = override.apply(name);
			if (value != null) {
				return value;
			}
		}
		return super.getHeader(name);
	}

	// The in-memory request reads only the first Accept-Language, by other rules than the
	// container's (a tag of quality zero stays, a malformed value is ignored whole), and has
	// English without one: read as the container reads the request's final headers, once the
	// application first asks (Spring MVC asks lazily, JSON routes often never).
	@Override
	public Locale getLocale() {
		return locales().get(0);
	}

	@Override
	public Enumeration<Locale> getLocales() {
		return Collections.enumeration(locales());
	}

	private List<Locale> locales() {
		List<Locale> locales = this.locales;
		if (locales == null) {
			locales = AcceptLanguage.locales(getHeaders(HttpHeaders.ACCEPT_LANGUAGE));
			this.locales = locales;
		}
		return locales;
	}

	// The response that startAsync() without arguments hands to the async context, as a
	// container hands it the request's own: the in-memory request has none, and gave null.
	void setResponse(ServletResponse response) {
		this.response = response;
	}

	@Override
	public AsyncContext startAsync() {
		return startAsync(this, this.response);
	}

	@Override
	public AsyncContext startAsync(ServletRequest request, @Nullable ServletResponse response) {
		if (!isAsyncSupported()) {
			throw new IllegalStateException("Async not supported");
		}
		setAsyncStarted(true);
		RouteAsyncContext context = new RouteAsyncContext(request, response);
		context.setTimeout(DEFAULT_ASYNC_TIMEOUT);
		setAsyncContext(context);
		return context;
	}

	// The handshake's session is the container's, which the in-memory request keeps handing out
	// once the route invalidated it (a logout), where a container's request has none any more:
	// Spring Security's logout then failed removing its context from the ended session.
	@Override
	public @Nullable HttpSession getSession(boolean create) {
		HttpSession session = super.getSession(false);
		if (session != null && !(session instanceof MockHttpSession) && hasEnded(session)) {
			if (!create) {
				return null;
			}
			// As for a socket without a session: one that lasts for this call.
			MockHttpSession fresh = new MockHttpSession(getServletContext());
			setSession(fresh);
			return fresh;
		}
		return super.getSession(create);
	}

	// Whether a container session has been invalidated: its accessors then throw.
	static boolean hasEnded(HttpSession session) {
		try {
			session.getCreationTime();
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	// The handshake's session is the container's: its id cannot be changed from here, and the
	// in-memory request would leave it as it is and return it unchanged. Spring Security's
	// session fixation protection, which calls this at login, would then authenticate the id
	// the browser had before, one that an attacker may have planted: refused instead, with an
	// error reply (see RouteExchange). (Spring Session's request wrapper changes its sessions'
	// ids itself, without calling this: SpringSessionInvalidationFilter refuses it there.)
	@Override
	public String changeSessionId() {
		HttpSession session = getSession(false);
		if (session != null && !(session instanceof MockHttpSession)) {
			throw new SessionIdChangeRefusedException();
		}
		return super.changeSessionId();
	}

	// Runs the callback once complete() is called, or at once if it was called already: the
	// route's thread may complete between the dispatch's return and this call. The callback
	// itself guards against running twice.
	void onComplete(Runnable onComplete) {
		this.onComplete = onComplete;
		if (this.completed) {
			onComplete.run();
		}
	}

	// As a container does when the dispatch that follows startAsync() returns without starting
	// async again: the async listeners hear of the completion (Spring MVC runs the completion
	// callbacks of DeferredResult, WebAsyncTask and emitters then, and the observation filter
	// stops its observation). Nothing if the request never went async or completed already.
	void completeAsync() {
		if (!this.completed && !isAsyncStarted() && getAsyncContext() instanceof RouteAsyncContext context) {
			context.complete();
		}
	}

	// complete() ends an async request without a dispatch (a response body emitter that is
	// done): the reply is then sent as it stands.
	private final class RouteAsyncContext extends MockAsyncContext {

		RouteAsyncContext(ServletRequest request, @Nullable ServletResponse response) {
			super(request, response);
		}

		@Override
		public void complete() {
			super.complete();
			RouteRequest.this.completed = true;
			Runnable callback = RouteRequest.this.onComplete;
			if (callback != null) {
				callback.run();
			}
		}

	}

}
