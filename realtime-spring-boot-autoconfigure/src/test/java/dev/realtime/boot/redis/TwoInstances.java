package dev.realtime.boot.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.realtime.boot.support.RedisServer;

/**
 * A test Redis server and two instances of one application, "a" and "b", that share it. Register
 * it as a static extension: the server starts before the class's tests, then the instances; after
 * the tests the instances are closed, then the server is killed.
 */
final class TwoInstances implements BeforeAllCallback, AfterAllCallback {

	private final RedisServer redis = new RedisServer();

	private final Class<?> application;

	private final String[] properties;

	private Instance a;

	private Instance b;

	/**
	 * Two instances of the given application.
	 * @param application the application's class
	 * @param properties properties of both instances, {@code name=value}
	 */
	TwoInstances(Class<?> application, String... properties) {
		this.application = application;
		this.properties = properties;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.redis.start();
		this.a = Instance.start("a", this.application, this.redis, this.properties);
		this.b = Instance.start("b", this.application, this.redis, this.properties);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			// JUnit calls this also when beforeAll failed, maybe before both instances started.
			for (Instance instance : new Instance[] { this.a, this.b }) {
				if (instance != null) {
					instance.close();
				}
			}
		}
		finally {
			this.redis.stop();
		}
	}

	RedisServer redis() {
		return this.redis;
	}

	Instance a() {
		return this.a;
	}

	Instance b() {
		return this.b;
	}

}
