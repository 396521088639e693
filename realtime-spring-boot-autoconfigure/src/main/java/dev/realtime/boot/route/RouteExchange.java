package dev.realtime.boot.route;

import java.io.EOFException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockAsyncContext;

import dev.realtime.boot.action.RealtimeActionException;
import dev.realtime.boot.action.RealtimeReply;
import dev.realtime.boot.connection.RealtimeConnection;
import dev.realtime.boot.web.SessionIdChangeRefusedException;

/**
 * One route call, from its first dispatch to its reply: resumes async routes with an async
 * dispatch once their result is ready (or their timeout passes), tells them when their socket
 * closes, and renders errors through the application's error page with an error dispatch, as
 * the servlet container does.
 */
final class RouteExchange {

	private static final Log logger = LogFactory.getLog(RouteExchange.class);

	private final ServletPipeline pipeline;

	private final RouteRequest request;

	private final String errorPath;

	private final Executor executor;

	private final CompletableFuture<RealtimeReply> reply;

	private final RealtimeConnection connection;

	private final int maxReplySize;

	private final ContainerCharsets charsets;

	private RouteResponse response;

	private boolean errorPageRendered;

	// Set before the listeners hear of the end: what Spring MVC answers on the async dispatch
	// that follows (an error page, say) is not the reply.
	private volatile boolean eventStreamEnded;

	private volatile @Nullable Runnable stopWatchingClose;

	RouteExchange(ServletPipeline pipeline, RouteRequest request, String errorPath, Executor executor,
			CompletableFuture<RealtimeReply> reply, RealtimeConnection connection, int maxReplySize,
			ContainerCharsets charsets) {
		this.pipeline = pipeline;
		this.request = request;
		this.errorPath = errorPath;
		this.executor = executor;
		this.reply = reply;
		this.connection = connection;
		this.maxReplySize = maxReplySize;
		this.charsets = charsets;
		this.response = new RouteResponse(maxReplySize, charsets);
	}

	void start() {
		dispatch();
	}

	private void dispatch() {
		this.request.setResponse(this.response);
		try {
			this.pipeline.dispatch(this.request, this.response);
		}
		catch (Throwable ex) {
			SessionIdChangeRefusedException refused = sessionIdChangeRefused(ex);
			if (refused != null) {
				// A login over the socket: the client is told to log in over HTTP, rather than
				// given a 500 error page and the server's log a stack trace.
				stopWatchingClose();
				this.reply.completeExceptionally(new RealtimeActionException(400, refused.getMessage()));
				return;
			}
			// Errors too (a filter's AssertionError, a NoClassDefFoundError): a container
			// renders them as a 500 error page, and the call must get its reply.
			errorDispatch(500, ex, null);
			return;
		}
		if (this.request.isAsyncStarted()) {
			awaitAsync();
		}
		else if (this.response.isErrorSent() && this.request.getDispatcherType() != DispatcherType.ERROR) {
			errorDispatch(this.response.getStatus(), null, this.response.getErrorMessage());
		}
		else {
			complete();
		}
	}

	private static @Nullable SessionIdChangeRefusedException sessionIdChangeRefused(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SessionIdChangeRefusedException refused) {
				return refused;
			}
		}
		return null;
	}

	private void awaitAsync() {
		MockAsyncContext asyncContext = (MockAsyncContext) this.request.getAsyncContext();
		AtomicBoolean resumed = new AtomicBoolean();
		this.request.onComplete(() -> {
			if (resumed.compareAndSet(false, true)) {
				complete();
			}
		});
		asyncContext.addDispatchHandler(() -> {
			if (resumed.compareAndSet(false, true)) {
				resume(this::asyncDispatch, Runnable::run);
			}
		});
		long timeout = asyncContext.getTimeout();
		if (timeout > 0) {
			// The timer's thread is the JDK's one for every delayed task in the JVM: a timeout
			// that the action threads cannot take goes to the common pool, not run on it.
			Executor afterTimeout = CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS,
					(task) -> resume(task, ForkJoinPool.commonPool()));
			afterTimeout.execute(() -> {
				if (!resumed.get()) {
					timeOut(asyncContext, resumed);
				}
			});
		}
		watchClose(asyncContext, resumed);
		if (this.response.isEventStream()) {
			this.eventStreamEnded = true;
			// An event stream (an SseEmitter) mostly never ends, and its events would reach the
			// caller in one reply once it did: ended at once, as though its client had gone,
			// and answered with an error that says where events go.
			end(asyncContext, resumed, new EOFException("call-route cannot carry the event stream of "
					+ this.request.getMethod() + " " + this.request.getRequestURI()));
		}
	}

	// As a container does when the client of an async request goes away: the listeners hear
	// of an error (Spring MVC runs the route's onError callbacks and ends the request), at once
	// rather than at the timeout, which would keep what the route holds until then.
	private void watchClose(MockAsyncContext asyncContext, AtomicBoolean resumed) {
		stopWatchingClose();
		this.stopWatchingClose = this.connection.onClosed(() -> {
			if (!resumed.get()) {
				resume(() -> end(asyncContext, resumed, new EOFException("The realtime socket that called "
						+ this.request.getMethod() + " " + this.request.getRequestURI() + " closed")), Runnable::run);
			}
		});
	}

	private void stopWatchingClose() {
		Runnable stop = this.stopWatchingClose;
		if (stop != null) {
			this.stopWatchingClose = null;
			stop.run();
		}
	}

	// As for a client that went away: the listeners hear of the error. A request that no
	// listener resumes ends without an error page, which nobody would read: its listeners hear
	// of the completion.
	private void end(MockAsyncContext asyncContext, AtomicBoolean resumed, EOFException reason) {
		if (resumed.get()) {
			return;
		}
		AsyncEvent event = new AsyncEvent(asyncContext, this.request, this.response, reason);
		for (AsyncListener listener : asyncContext.getListeners()) {
			try {
				listener.onError(event);
			}
			catch (Exception ex) {
				logger.debug("Async listener failed on error", ex);
			}
		}
		if (resumed.compareAndSet(false, true)) {
			this.request.setAsyncStarted(false);
			complete();
		}
	}

	// As the container does: listeners hear of the timeout (Spring MVC's answer is its own
	// timeout handling, which dispatches); a request that nobody resumes ends in an error.
	private void timeOut(MockAsyncContext asyncContext, AtomicBoolean resumed) {
		AsyncEvent event = new AsyncEvent(asyncContext, this.request, this.response);
		for (AsyncListener listener : asyncContext.getListeners()) {
			try {
				listener.onTimeout(event);
			}
			catch (Exception ex) {
				logger.debug("Async listener failed on timeout", ex);
			}
		}
		if (resumed.compareAndSet(false, true)) {
			resume(() -> {
				this.request.setAsyncStarted(false);
				errorDispatch(500, null, "async request timed out");
			}, Runnable::run);
		}
	}

	// An async route resumes on the action threads; when they are all busy and their queue is
	// full, on the given fallback (the thread that resumed it: the route's own, which set its
	// result), rather than failing that thread and leaving the call without a reply.
	private void resume(Runnable task, Executor whenRefused) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			whenRefused.execute(task);
		}
	}

	private void asyncDispatch() {
		this.request.setDispatcherType(DispatcherType.ASYNC);
		this.request.setAsyncStarted(false);
		dispatch();
	}

	private void errorDispatch(int status, @Nullable Throwable exception, @Nullable String message) {
		if (this.request.getDispatcherType() == DispatcherType.ERROR) {
			// The error page itself failed: answer with the status alone, as a container would.
			this.response = new RouteResponse(this.maxReplySize, this.charsets);
			this.response.setStatus(status);
			complete();
			return;
		}
		if (exception != null) {
			logger.error("Route " + this.request.getMethod() + " " + this.request.getRequestURI()
					+ " called over a realtime socket failed", exception);
		}
		Throwable cause = (exception instanceof ServletException servletException
				&& servletException.getRootCause() != null) ? servletException.getRootCause() : exception;
		this.request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		this.request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, this.request.getRequestURI());
		this.request.setAttribute(RequestDispatcher.ERROR_SERVLET_NAME, this.pipeline.servletName());
		this.request.setAttribute(RequestDispatcher.ERROR_MESSAGE,
				(message != null) ? message : (cause != null) ? String.valueOf(cause.getMessage()) : "");
		if (cause != null) {
			this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, cause);
			this.request.setAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE, cause.getClass());
		}
		this.request.setDispatcherType(DispatcherType.ERROR);
		this.request.setRequestURI(this.request.getContextPath() + this.errorPath);
		this.request.setServletPath(this.errorPath);
		this.request.setPathInfo(null);
		// As a container does: the error page replaces the body, and keeps the headers set so
		// far (a filter's CORS or security headers among them).
		this.response.resetForErrorPage(status);
		this.errorPageRendered = true;
		dispatch();
	}

	private void complete() {
		stopWatchingClose();
		try {
			int status = this.response.getStatus();
			boolean bodiless = "HEAD".equals(this.request.getMethod()) || hasNoBody(status);
			// 502, as a gateway answers a reply it cannot pass on: the route itself succeeded.
			if (this.response.isBodyOverLimit() && !bodiless) {
				throw new RealtimeActionException(502, "reply body over the limit of " + this.maxReplySize
						+ " bytes (realtime.call-route.max-reply-size): call this route over HTTP");
			}
			if (this.eventStreamEnded || this.response.isEventStream()) {
				throw new RealtimeActionException(502, "call-route cannot carry an event stream"
						+ " (text/event-stream), which a call answers once: push the events to a channel"
						+ " that the socket subscribes to, or read the stream over HTTP (EventSource)");
			}
			Map<String, String> headers = new LinkedHashMap<>();
			for (String name : this.response.getHeaderNames()) {
				if (!isStaleContentLength(name) && !isDroppedWithBody(name, status)) {
					headers.put(name, headerValue(this.response.getHeaderValues(name)));
				}
			}
			String redirect = this.response.redirectLocation();
			if (redirect != null && this.charsets.absoluteRedirects()
					&& redirect.equals(headers.get(HttpHeaders.LOCATION))) {
				headers.put(HttpHeaders.LOCATION, absolute(redirect));
			}
			if (status == 205) {
				// As Tomcat does, as RFC 9110 asks of a 205: its length says that it has no body.
				headers.put(HttpHeaders.CONTENT_LENGTH, "0");
			}
			// A HEAD reply has the headers of a GET and no body, as over HTTP, where the
			// container drops what the servlet wrote; so has a reply whose status has none.
			String body = bodiless ? "" : this.response.getContentAsString(StandardCharsets.UTF_8);
			this.reply.complete(new RealtimeReply(status, headers, body));
		}
		catch (Exception ex) {
			this.reply.completeExceptionally(ex);
		}
		try {
			this.request.completeAsync();
		}
		catch (RuntimeException ex) {
			logger.debug("Async listener failed on completion", ex);
		}
	}

	// As Tomcat makes a redirect's location absolute: resolved against the request's URL, on
	// its scheme, host and port. One that is not a valid URI goes as the route gave it.
	private String absolute(String location) {
		try {
			return URI.create(this.request.getRequestURL().toString()).resolve(location).toString();
		}
		catch (IllegalArgumentException ex) {
			return location;
		}
	}

	// As the container sends a response whose status has no body (1xx, 204, 205, 304): without
	// what the route wrote, whose length goes too, and but for 204 without its type.
	private static boolean hasNoBody(int status) {
		return status < 200 || status == 204 || status == 205 || status == 304;
	}

	private static boolean isDroppedWithBody(String name, int status) {
		return hasNoBody(status) && (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)
				|| (status != 204 && HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)));
	}

	// A length that a route set before it failed and the error page replaced its body.
	private boolean isStaleContentLength(String name) {
		return this.errorPageRendered && HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)
				&& this.response.getContentLength() != this.response.getContentAsByteArray().length;
	}

	// The values as getHeaders(name) gives them, joined; read raw, since getHeaders streams
	// the values into a new list each time, and most headers have one value.
	private static String headerValue(List<Object> values) {
		if (values.size() == 1) {
			return values.get(0).toString();
		}
		StringJoiner joined = new StringJoiner(", ");
		for (Object value : values) {
			joined.add(value.toString());
		}
		return joined.toString();
	}

}
