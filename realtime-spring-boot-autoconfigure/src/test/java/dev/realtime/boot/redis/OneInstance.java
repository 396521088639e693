package dev.realtime.boot.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.realtime.boot.support.RedisServer;

/**
 * A test Redis server and one instance of an application on it. Register it as a static
 * extension: the server starts before the class's tests, then the instance; after the tests the
 * instance is closed, then the server is killed.
 */
final class OneInstance implements BeforeAllCallback, AfterAllCallback {

	private final RedisServer redis = new RedisServer();

	private final String name;

	private final Class<?> application;

	private final String[] properties;

	private Instance instance;

	/**
	 * One instance of the given application.
	 * @param name the instance's name, in its log lines
	 * @param application the application's class
	 * @param properties properties of the instance, {@code name=value}
	 */
	OneInstance(String name, Class<?> application, String... properties) {
		this.name = name;
		this.application = application;
		this.properties = properties;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.redis.start();
		this.instance = Instance.start(this.name, this.application, this.redis, this.properties);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			// JUnit calls this also when beforeAll failed, maybe before the instance started.
			if (this.instance != null) {
				this.instance.close();
			}
		}
		finally {
			this.redis.stop();
		}
	}

	RedisServer redis() {
		return this.redis;
	}

	Instance instance() {
		return this.instance;
	}

}
