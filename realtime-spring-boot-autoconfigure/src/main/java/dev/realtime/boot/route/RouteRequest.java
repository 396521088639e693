package dev.realtime.boot.route;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;

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

	RouteRequest(ServletContext servletContext) {
		super(servletContext);
		setAsyncSupported(true);
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

	// Runs the callback once complete() is called, or at once if it was called already: the
	// route's thread may complete between the dispatch's return and this call. The callback
	// itself guards against running twice.
	void onComplete(Runnable onComplete) {
		this.onComplete = onComplete;
		if (this.completed) {
			onComplete.run();
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
