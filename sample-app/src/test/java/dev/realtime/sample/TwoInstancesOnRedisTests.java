package dev.realtime.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two chat room instances with the {@code redis} profile on one private redis-server, as behind
 * a load balancer: a page rendered by one may open its socket on the other, and a message
 * posted to either reaches every page.
 */
class TwoInstancesOnRedisTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		first = start("redis", "spring.data.redis.port=" + redis.port());
		second = start("redis", "spring.data.redis.port=" + redis.port());
	}

	@AfterAll
	static void stopInstances() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.close();
			}
		}
	}

	@Test
	void messagePostedOnOneInstanceReachesAPageRenderedThereWhoseSocketIsOnTheOther() {
		RealtimeTestClient alice = new RealtimeTestClient(port(first));
		String id = alice.renderPage("/");
		try (RealtimeTestSocket socket = connectOn(second, alice, id)) {
			HttpResponse<String> posted = new RealtimeTestClient(port(first)).postForm("/messages", "content=across");
			assertThat(posted.statusCode()).isEqualTo(201);
			JsonNode push = socket.next();
			assertThat(push.get("channel").asString()).isEqualTo("chat");
			assertThat(push.get("payload").get("content").asString()).isEqualTo("across");
			assertThat(push.get("payload").toString()).isEqualTo(posted.body());
		}
	}

	@Test
	void pagesOnEitherInstanceSeeTheMessagesPostedOnEither() {
		RealtimeTestClient alice = new RealtimeTestClient(port(first));
		RealtimeTestClient bob = new RealtimeTestClient(port(second));
		try (RealtimeTestSocket aliceSocket = alice.connect(alice.renderPage("/"));
				RealtimeTestSocket bobSocket = bob.connect(bob.renderPage("/"))) {
			assertThat(bob.postJson("/messages", "{\"content\":\"hi from bob\"}").statusCode()).isEqualTo(201);
			assertThat(aliceSocket.next().get("payload").get("content").asString()).isEqualTo("hi from bob");
			assertThat(bobSocket.next().get("payload").get("content").asString()).isEqualTo("hi from bob");
			assertThat(alice.postJson("/messages", "{\"content\":\"hi from alice\"}").statusCode()).isEqualTo(201);
			assertThat(bobSocket.next().get("payload").get("content").asString()).isEqualTo("hi from alice");
			assertThat(aliceSocket.next().get("payload").get("content").asString()).isEqualTo("hi from alice");
		}
	}

	@Test
	void defaultProfileRunsWithoutRedis() throws IOException {
		// Pointed at a port where nothing listens: the default profile must never try it.
		try (ConfigurableApplicationContext alone = start(null, "spring.data.redis.port=" + closedPort())) {
			assertThat(alone.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
			RealtimeTestClient visitor = new RealtimeTestClient(port(alone));
			try (RealtimeTestSocket socket = visitor.connect(visitor.renderPage("/"))) {
				assertThat(visitor.postForm("/messages", "content=alone").statusCode()).isEqualTo(201);
				assertThat(socket.next().get("payload").get("content").asString()).isEqualTo("alone");
			}
		}
	}

	private static ConfigurableApplicationContext start(String profile, String... properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SampleApplication.class);
		if (profile != null) {
			builder.profiles(profile);
		}
		// As command-line arguments, which outrank application.properties (server.port=8080).
		List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
		for (String property : properties) {
			arguments.add("--" + property);
		}
		return builder.run(arguments.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/** Open the socket of a page that a browser rendered on another instance, with its cookies. */
	private static RealtimeTestSocket connectOn(ConfigurableApplicationContext instance, RealtimeTestClient browser, String id) {
		Map<String, String> headers = browser.handshakeHeaders();
		headers.put("Origin", "http://localhost:" + port(instance));
		return RealtimeTestSocket.connect(URI.create("ws://localhost:" + port(instance) + "/?socket_connection_id=" + id),
				headers).awaitBound();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
