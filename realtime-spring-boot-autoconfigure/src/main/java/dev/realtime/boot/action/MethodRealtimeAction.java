package dev.realtime.boot.action;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.ReflectionUtils;

/**
 * A {@link RealtimeAction} that calls a bean method annotated with {@link RealtimeActionMapping}.
 */
final class MethodRealtimeAction implements RealtimeAction, Ordered {

	private final String name;

	private final BeanFactory beanFactory;

	private final String beanName;

	private final Method method;

	private final int order;

	private final JsonMapper jsonMapper;

	MethodRealtimeAction(String name, BeanFactory beanFactory, String beanName, Method method, int order,
			JsonMapper jsonMapper) {
		this.name = name;
		this.beanFactory = beanFactory;
		this.beanName = beanName;
		this.method = method;
		this.order = order;
		this.jsonMapper = jsonMapper;
		ReflectionUtils.makeAccessible(method);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public RealtimeReply handle(RealtimeMessage message) throws Exception {
		try {
			return handleAsync(message).toCompletableFuture().get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
	}

	@Override
	public CompletionStage<RealtimeReply> handleAsync(RealtimeMessage message) throws Exception {
		Object result = invoke(message);
		// An @Async method's CompletableFuture, or any stage the method returns: the reply is its
		// value once it completes, not the stage itself written as JSON.
		if (result instanceof CompletionStage<?> stage) {
			return stage.thenApply(this::toReply);
		}
		return CompletableFuture.completedFuture(toReply(result));
	}

	private @Nullable Object invoke(RealtimeMessage message) throws Exception {
		Object bean = this.beanFactory.getBean(this.beanName);
		Object[] arguments = (this.method.getParameterCount() == 0) ? new Object[0] : new Object[] { message };
		try {
			return this.method.invoke(bean, arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getTargetException() instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
	}

	private RealtimeReply toReply(@Nullable Object result) {
		if (result instanceof RealtimeReply reply) {
			return reply;
		}
		if (result == null) {
			return RealtimeReply.ok("");
		}
		if (result instanceof String body) {
			return RealtimeReply.ok(body);
		}
		if (result instanceof Future<?>) {
			// Declared as Object, so not refused at startup; its properties are no answer.
			throw new IllegalStateException(this + " returned a " + result.getClass().getName()
					+ ", a Future that is no CompletionStage: return a CompletableFuture");
		}
		return new RealtimeReply(200, Map.of(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE),
				this.jsonMapper.writeValueAsString(result));
	}

	@Override
	public String toString() {
		return "realtime action '" + this.name + "' (" + this.method.toGenericString() + " of bean '" + this.beanName
				+ "')";
	}

}
