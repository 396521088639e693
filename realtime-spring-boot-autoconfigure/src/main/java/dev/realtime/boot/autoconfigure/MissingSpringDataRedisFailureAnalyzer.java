package dev.realtime.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Words a {@link MissingSpringDataRedisException} as Spring Boot reports a failed startup: what
 * was asked for, what is missing, and the two ways out.
 */
class MissingSpringDataRedisFailureAnalyzer extends AbstractFailureAnalyzer<MissingSpringDataRedisException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSpringDataRedisException cause) {
		return new FailureAnalysis("Realtime channels are set to keep connection ids and subscriptions in Redis and"
				+ " to share pushes between instances through it (realtime.registry=redis), but Spring Data Redis is"
				+ " not on the classpath.",
				"Add spring-boot-starter-data-redis to the application's dependencies (and point"
						+ " spring.data.redis.* at your Redis), or, for a single instance, set"
						+ " realtime.registry=memory (the default).",
				cause);
	}

}
