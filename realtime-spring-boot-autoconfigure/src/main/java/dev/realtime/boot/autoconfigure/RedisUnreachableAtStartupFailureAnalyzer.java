package dev.realtime.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

/**
 * Words the failed start of the realtime listener container, which subscribes to the pushes of
 * the other instances at startup, as Spring Boot reports a failed startup: Redis could not be
 * reached, where, and the ways out. Other failures of that container are left to Spring Boot.
 */
class RedisUnreachableAtStartupFailureAnalyzer extends AbstractFailureAnalyzer<ApplicationContextException> {

	// By name: Spring Data Redis may be absent, and then this analyzer has nothing to say.
	private static final String CONNECTION_FAILURE = "org.springframework.data.redis.RedisConnectionFailureException";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ApplicationContextException cause) {
		String message = cause.getMessage();
		if (message == null || !message.contains("'" + RealtimeRedisAutoConfiguration.LISTENER_CONTAINER + "'")) {
			return null;
		}
		List<String> reasons = new ArrayList<>();
		boolean connectionFailure = false;
		Throwable current = cause.getCause();
		while (current != null) {
			connectionFailure |= CONNECTION_FAILURE.equals(current.getClass().getName());
			if (connectionFailure && current.getMessage() != null) {
				reasons.add(current.getMessage());
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		if (!connectionFailure) {
			return null;
		}
		return new FailureAnalysis("Realtime channels are set to share pushes between instances through Redis"
				+ " (realtime.registry=redis), which must answer at startup, when this instance subscribes to the"
				+ " pushes of the others, and Redis could not be reached: " + String.join("; ", reasons) + ".",
				"Start Redis, or point spring.data.redis.* (host and port, or url) at the Redis the other instances"
						+ " use; once started, an instance rides out Redis going away. For a single instance without"
						+ " Redis, set realtime.registry=memory (the default).",
				cause);
	}

}
