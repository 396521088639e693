package dev.realtime.boot.redis;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages on the backplane's Redis channels that no instance of the starter published (another
 * application, a bad publisher, a truncated message) are dropped with a throttled warning, and
 * the well-formed pushes around them still arrive, alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedBackplaneMessagesTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private static final String PREFIX = "realtime:";

	// Each is what some other publisher might put on the channels the instances listen to.
	private static final List<String> ON_THE_NEWS_CHANNEL = List.of("", "garbage", "not a realtime message",
			"intruder x 4 news{}", "intruder 1 4 news{\"n\":", "intruder 2 4 news<html>", "intruder 3 99 news{}",
			"intruder 4 -3 news{}", "intruder 5 4 news{\"n\":9} trailing", "intruder 6 4 news",
			"intruder 7 6 sports{\"n\":9}", "intruder 8 1 *{\"n\":9}",
			"intruder 9 4 news" + "x".repeat(2_000_000), "intruder 10 4 news" + "[".repeat(100_000));

	private static final List<String> ON_THE_WILDCARD_CHANNEL = List.of("garbage", "intruder 11 2 n*{\"n\":",
			"intruder 12 4 news{\"n\":9}");

	private static final List<String> ON_THE_SESSION_ENDED_CHANNEL = List.of("", "garbage", "intruder ");

	static Instance publishing;

	static Instance receiving;

	static LettuceConnectionFactory connectionFactory;

	static StringRedisTemplate intruder;

	@BeforeAll
	static void start() {
		publishing = Instance.start("publishing", RedisSessionTestApplication.class, redis);
		receiving = Instance.start("receiving", RedisSessionTestApplication.class, redis);
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		intruder = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void stop() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		for (Instance instance : new Instance[] { publishing, receiving }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void malformedMessagesBetweenTwoPushesAreDroppedAndThePushesArriveAlone(CapturedOutput output) {
		try (RealtimeTestSocket socket = receiving.browser().openPage("news")) {
			publishing.browser().push("{\"n\":1}", "news");
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"news\",\"payload\":{\"n\":1}}");
			ON_THE_NEWS_CHANNEL.forEach((message) -> intruder.convertAndSend(PREFIX + "channel:news", message));
			ON_THE_WILDCARD_CHANNEL.forEach((message) -> intruder.convertAndSend(PREFIX + "wildcard", message));
			ON_THE_SESSION_ENDED_CHANNEL
				.forEach((message) -> intruder.convertAndSend(PREFIX + "session-ended", message));
			// Published after the malformed ones were taken by Redis, so received after them.
			publishing.browser().push("{\"n\":2}", "news");

			assertThat(socket.next(Duration.ofSeconds(10)).toString())
				.isEqualTo("{\"channel\":\"news\",\"payload\":{\"n\":2}}");
			assertThat(socket.pollFrame(Duration.ofMillis(300))).as("a frame after the pushes").isNull();
			socket.ping();
			assertThat(socket.isClosed()).isFalse();

			// The instance goes on receiving.
			publishing.browser().push("{\"n\":3}", "news");
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"news\",\"payload\":{\"n\":3}}");
		}
		RedisBackplane backplane = receiving.backplane();
		int malformed = ON_THE_NEWS_CHANNEL.size() + ON_THE_WILDCARD_CHANNEL.size()
				+ ON_THE_SESSION_ENDED_CHANNEL.size();
		assertThat(backplane.malformed()).isEqualTo(malformed);
		assertThat(backplane.received()).isEqualTo(3);
		assertThat(backplane.missed()).isZero();
		// Throttled as the other Redis warnings: one line for the burst on each instance (the
		// publishing one hears the wildcard and session channels too), not one per message.
		assertThat(output.toString().lines().filter((line) -> line.contains("malformed realtime message")))
			.hasSize(2);
	}

}
