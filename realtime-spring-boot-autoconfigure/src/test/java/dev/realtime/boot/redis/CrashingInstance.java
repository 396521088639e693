package dev.realtime.boot.redis;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application run in a JVM of its own, so that a test can kill it as a crash would
 * (SIGKILL: no shutdown hook, no socket closed, nothing released in Redis). It prints its port
 * as {@code port=<n>} once it serves.
 */
public final class CrashingInstance {

	private CrashingInstance() {
	}

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(RealtimeTestApplication.class, args);
		System.out.println("port=" + context.getEnvironment().getRequiredProperty("local.server.port"));
		System.out.flush();
	}

}
