package dev.realtime.boot.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys minted for sessions that had none, kept for a while by session id.
 */
class MintedSessionKeysTests {

	@Test
	void aSessionGetsTheSameKeyWithinTheTimeToLiveAndAnotherSessionAnotherKey() {
		MintedSessionKeys keys = new MintedSessionKeys(Duration.ofMinutes(1));
		String key = keys.keyFor("session-1");
		assertThat(key).matches("[0-9a-f]{64}");
		assertThat(keys.keyFor("session-1")).isEqualTo(key);
		assertThat(keys.keyFor("session-2")).isNotEqualTo(key);
	}

	@Test
	void keysAreForgottenOnceTheirTimeToLiveHasPassed() throws InterruptedException {
		MintedSessionKeys keys = new MintedSessionKeys(Duration.ofMillis(50));
		String key = keys.keyFor("session-1");
		keys.keyFor("session-2");
		Thread.sleep(1100);
		assertThat(keys.keyFor("session-1")).isNotEqualTo(key);
		assertThat(keys.size()).as("keys left after the sweep").isEqualTo(1);
	}

}
