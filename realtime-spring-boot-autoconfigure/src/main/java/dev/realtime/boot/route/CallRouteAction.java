package dev.realtime.boot.route;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.action.BuiltInRealtimeAction;
import dev.realtime.boot.action.RealtimeActionException;
import dev.realtime.boot.action.RealtimeMessage;
import dev.realtime.boot.action.RealtimeReply;
import dev.realtime.boot.web.RequestRealtimeSocket;

/**
 * The {@code call-route} action: runs the route that a message names through the
 * application's servlet filters and its DispatcherServlet, with the HTTP session of the
 * socket's handshake, and replies with the response's status, headers and body. Inside that
 * request the injected {@link dev.realtime.boot.RealtimeSocket} is the calling socket.
 * Built in, so that an application's own {@code call-route} action replaces it.
 */
public class CallRouteAction implements BuiltInRealtimeAction {

	/** Name of this action. */
	public static final String NAME = "call-route";

	/** Most bytes of a reply's body by default: the default send buffer limit of a socket. */
	public static final int DEFAULT_MAX_REPLY_SIZE = 512 * 1024;

	private final WebApplicationContext context;

	private final Supplier<DispatcherServlet> dispatcherServlet;

	private final String servletName;

	private final String errorPath;

	private final List<RouteRequestCustomizer> customizers;

	private final Executor executor;

	private final RealtimeObserver observer;

	private final int maxReplySize;

	private volatile @Nullable ServletPipeline pipeline;

	private volatile @Nullable ContainerCharsets charsets;

	/**
	 * Create the action.
	 * @param context the application context, whose filters and servlet context are used
	 * @param dispatcherServlet the application's DispatcherServlet
	 * @param servletName the DispatcherServlet's registration name, for filters mapped to it
	 * @param errorPath the path of the application's error page, as {@code server.error.path}
	 * @param customizers customizers of each request, in order
	 * @param executor the executor that resumes async routes once their result is ready
	 */
	public CallRouteAction(WebApplicationContext context, Supplier<DispatcherServlet> dispatcherServlet,
			String servletName, String errorPath, List<RouteRequestCustomizer> customizers, Executor executor) {
		this(context, dispatcherServlet, servletName, errorPath, customizers, executor, RealtimeObserver.NONE);
	}

	/**
	 * Create the action.
	 * @param context the application context, whose filters and servlet context are used
	 * @param dispatcherServlet the application's DispatcherServlet
	 * @param servletName the DispatcherServlet's registration name, for filters mapped to it
	 * @param errorPath the path of the application's error page, as {@code server.error.path}
	 * @param customizers customizers of each request, in order
	 * @param executor the executor that resumes async routes once their result is ready
	 * @param observer told of every route call, with its status and duration
	 */
	public CallRouteAction(WebApplicationContext context, Supplier<DispatcherServlet> dispatcherServlet,
			String servletName, String errorPath, List<RouteRequestCustomizer> customizers, Executor executor,
			RealtimeObserver observer) {
		this(context, dispatcherServlet, servletName, errorPath, customizers, executor, observer,
				DEFAULT_MAX_REPLY_SIZE);
	}

	/**
	 * Create the action.
	 * @param context the application context, whose filters and servlet context are used
	 * @param dispatcherServlet the application's DispatcherServlet
	 * @param servletName the DispatcherServlet's registration name, for filters mapped to it
	 * @param errorPath the path of the application's error page, as {@code server.error.path}
	 * @param customizers customizers of each request, in order
	 * @param executor the executor that resumes async routes once their result is ready
	 * @param observer told of every route call, with its status and duration
	 * @param maxReplySize the most bytes of a reply's body; a call whose route writes more gets
	 * an error reply (502), and the server holds no more than this meanwhile
	 */
	public CallRouteAction(WebApplicationContext context, Supplier<DispatcherServlet> dispatcherServlet,
			String servletName, String errorPath, List<RouteRequestCustomizer> customizers, Executor executor,
			RealtimeObserver observer, int maxReplySize) {
		this.context = context;
		this.dispatcherServlet = dispatcherServlet;
		this.servletName = servletName;
		this.errorPath = errorPath;
		this.customizers = List.copyOf(customizers);
		this.executor = executor;
		this.observer = observer;
		this.maxReplySize = maxReplySize;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public RealtimeReply handle(RealtimeMessage message) throws Exception {
		return handleAsync(message).toCompletableFuture().get();
	}

	@Override
	public CompletionStage<RealtimeReply> handleAsync(RealtimeMessage message) {
		long started = System.nanoTime();
		RouteRequest request;
		ServletPipeline pipeline;
		ContainerCharsets charsets;
		try {
			RouteCall call = RouteCall.of(message.fields());
			request = RouteRequests.build(call, message.connection(), servletContext());
			request.setAttribute(RequestRealtimeSocket.CALL_ATTRIBUTE, message);
			for (RouteRequestCustomizer customizer : this.customizers) {
				customizer.customize(request, message);
			}
			pipeline = pipeline();
			charsets = charsets();
		}
		catch (RuntimeException | Error ex) {
			// Refused before its request could run (a malformed message, another socket's id, a
			// customizer that failed): counted as every other call, with the status it gets.
			this.observer.routeCalled(status(null, ex), since(started));
			throw ex;
		}
		CompletableFuture<RealtimeReply> reply = new CompletableFuture<>();
		reply.whenComplete((result, failure) -> this.observer.routeCalled(status(result, failure), since(started)));
		new RouteExchange(pipeline, request, this.errorPath, this.executor, reply, message.connection(),
				this.maxReplySize, charsets)
			.start();
		return reply;
	}

	private static Duration since(long started) {
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static int status(@Nullable RealtimeReply reply, @Nullable Throwable failure) {
		if (reply != null) {
			return reply.status();
		}
		return (failure instanceof RealtimeActionException ex) ? ex.getStatus() : 500;
	}

	private jakarta.servlet.ServletContext servletContext() {
		jakarta.servlet.ServletContext servletContext = this.context.getServletContext();
		if (servletContext == null) {
			throw new IllegalStateException("call-route needs a servlet web application");
		}
		return servletContext;
	}

	// Built on first use: filter beans are all there once the server takes sockets.
	private ServletPipeline pipeline() {
		ServletPipeline pipeline = this.pipeline;
		if (pipeline == null) {
			pipeline = ServletPipeline.of(this.context, this.dispatcherServlet.get(), this.servletName);
			this.pipeline = pipeline;
		}
		return pipeline;
	}

	// Read on first use too, with the container running; the locales' charsets as Spring Boot
	// configures its container with them.
	private ContainerCharsets charsets() {
		ContainerCharsets charsets = this.charsets;
		if (charsets == null) {
			Map<Locale, Charset> localeCharsets = Binder.get(this.context.getEnvironment())
				.bind("server.servlet.encoding.mapping", Bindable.mapOf(Locale.class, Charset.class))
				.orElse(Map.of());
			boolean relativeRedirects = Binder.get(this.context.getEnvironment())
				.bind("server.tomcat.use-relative-redirects", Boolean.class)
				.orElse(false);
			charsets = ContainerCharsets.of(servletContext(), localeCharsets, relativeRedirects);
			this.charsets = charsets;
		}
		return charsets;
	}

}
