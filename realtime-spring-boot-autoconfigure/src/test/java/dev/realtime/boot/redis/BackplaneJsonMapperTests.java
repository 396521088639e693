package dev.realtime.boot.redis;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each instance checks the payloads it receives from Redis with the application's JsonMapper,
 * the one that wrote them: what the application's mapper writes and reads reaches the sockets
 * of other instances as it reaches those of its own. Here it writes NaN as a number (for
 * clients that read it, as Python's json module does) and reads it back.
 */
class BackplaneJsonMapperTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	static Instance publishing;

	static Instance receiving;

	@BeforeAll
	static void start() {
		String[] properties = { "spring.jackson.json.write.write-nan-as-strings=false",
				"spring.jackson.json.read.allow-non-numeric-numbers=true" };
		publishing = Instance.start("publishing", RedisSessionTestApplication.class, redis, properties);
		receiving = Instance.start("receiving", RedisSessionTestApplication.class, redis, properties);
	}

	@AfterAll
	static void stop() {
		for (Instance instance : new Instance[] { publishing, receiving }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void payloadThatTheApplicationsMapperWritesAndReadsReachesTheSocketsOfOtherInstances() {
		try (RealtimeTestSocket here = publishing.browser().openPage("readings");
				RealtimeTestSocket there = receiving.browser().openPage("readings")) {
			publishing.bean(RealtimePublisher.class).push(Map.of("level", Double.NaN), "readings");
			String frame = "{\"channel\":\"readings\",\"payload\":{\"level\":NaN}}";
			assertThat(here.pollFrame(Duration.ofSeconds(10))).as("push on the publishing instance").isEqualTo(frame);
			assertThat(there.pollFrame(Duration.ofSeconds(10))).as("push on another instance").isEqualTo(frame);
			assertThat(receiving.backplane().malformed()).as("messages dropped as malformed").isZero();
		}
	}

}
