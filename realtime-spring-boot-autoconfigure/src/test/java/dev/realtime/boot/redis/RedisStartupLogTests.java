package dev.realtime.boot.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance on Redis says at startup where its pushes are shared and by which id the other
 * instances name it when they log the pushes of it that they missed.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStartupLogTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	@Test
	void startupLogNamesTheRedisTheDatabaseThePrefixesAndTheIdOtherInstancesKnowThisOneBy(CapturedOutput output) {
		try (Instance instance = Instance.start("a", RealtimeTestApplication.class, redis,
				"spring.data.redis.url=redis://127.0.0.1:" + redis.port() + "/4")) {
			assertThat(output).contains("Realtime channels shared with other instances through Redis at 127.0.0.1:"
					+ redis.port() + ", database 4 (keys under 'realtime:', pub/sub channels under 'realtime:db4:'); this"
					+ " instance is " + instance.backplane().instanceId() + " in the other instances' logs");
		}
	}

}
