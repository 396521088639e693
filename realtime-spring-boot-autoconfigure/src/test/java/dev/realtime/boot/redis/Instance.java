package dev.realtime.boot.redis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.lettuce.core.resource.Delay;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

/**
 * One application instance on a random port, pointed at a test Redis server.
 */
final class Instance implements AutoCloseable {

	private final String name;

	private final ConfigurableApplicationContext context;

	private final int port;

	private Instance(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
		this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	// Lettuce waits up to 30 s between reconnect attempts by default, which would let a test
	// wait that long for Redis to be used again after it returned; as the README advises.
	private static final ClientResourcesBuilderCustomizer FAST_RECONNECT = (resources) -> resources
		.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS));

	static Instance start(String name, Class<?> application, RedisServer redis, String... properties) {
		Map<String, String> all = new LinkedHashMap<>();
		List<String> given = new ArrayList<>(List.of("server.port=0", "realtime.registry=redis",
				"spring.data.redis.timeout=5s", "spring.application.name=" + name));
		given.addAll(redis.springProperties());
		given.addAll(List.of(properties));
		for (String property : given) {
			int equals = property.indexOf('=');
			all.put(property.substring(0, equals), property.substring(equals + 1));
		}
		// As command-line arguments, which outrank the application's own properties; a later
		// value of a property replaces an earlier one.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.initializers((initialized) -> initialized.getBeanFactory()
				.registerSingleton("fastRedisReconnect", FAST_RECONNECT))
			.run(all.entrySet().stream().map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new));
		return new Instance(name, context);
	}

	int port() {
		return this.port;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	RedisBackplane backplane() {
		return bean(RedisBackplane.class);
	}

	TestAppBrowser browser() {
		return new TestAppBrowser(this.port);
	}

	/**
	 * Open, on this instance, the socket of a page that a browser rendered on another
	 * instance: with that browser's cookies, as behind a load balancer (same origin).
	 */
	RealtimeTestSocket connect(RealtimeTestClient browser, String connectionId) {
		Map<String, String> headers = browser.handshakeHeaders();
		headers.put("Origin", "http://localhost:" + this.port);
		return RealtimeTestSocket.connect(URI.create("ws://localhost:" + this.port + "/?socket_connection_id=" + connectionId),
				headers).awaitBound();
	}

	/**
	 * Open, on this instance, the socket of a non-browser client.
	 */
	RealtimeTestSocket connect(String connectionId, String socketKey) {
		return RealtimeTestSocket.connect(URI.create("ws://localhost:" + this.port + "/?socket_connection_id=" + connectionId
				+ "&socket_key=" + socketKey), Map.of()).awaitBound();
	}

	int refusalStatus(String connectionId, String socketKey) {
		return RealtimeTestSocket.refusalStatus(URI.create("ws://localhost:" + this.port + "/?socket_connection_id="
				+ connectionId + "&socket_key=" + socketKey), Map.of());
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Override
	public String toString() {
		return this.name + " (port " + this.port + ")";
	}

	/** The id of the Spring Session session whose cookie a browser holds. */
	static String springSessionId(RealtimeTestClient browser) {
		String cookie = String.valueOf(browser.handshakeHeaders().get("Cookie"));
		Matcher session = Pattern.compile("SESSION=\"?([^\";]+)").matcher(cookie);
		if (!session.find()) {
			throw new AssertionError("No Spring Session cookie in " + cookie);
		}
		return new String(Base64.getDecoder().decode(session.group(1)), StandardCharsets.UTF_8);
	}

	/** The numbers {@code n} of pushes whose payload is {@code {"n":...}}, in arrival order. */
	static List<Integer> numbers(List<JsonNode> frames) {
		return frames.stream().map((frame) -> frame.get("payload").get("n").asInt()).toList();
	}

	/** The numbers from {@code from} (included) to {@code to} (excluded). */
	static List<Integer> range(int from, int to) {
		return IntStream.range(from, to).boxed().toList();
	}

}
