package dev.realtime.boot.identity;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketSecretsTests {

	@Test
	void secretsAre64LowercaseHexCharactersAndDoNotRepeat() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String secret = SocketSecrets.newSecret();
			assertThat(secret).matches("[0-9a-f]{64}");
			assertThat(seen.add(secret)).isTrue();
		}
	}

	@Test
	void digestIsHmacSha256OfTheIdUnderTheKeyInHex() {
		// Computed independently: hmac.new(b"a" * 64, b"b" * 64, hashlib.sha256).hexdigest()
		assertThat(SocketSecrets.digest("a".repeat(64), "b".repeat(64)))
			.isEqualTo("f6cbb37b326d36f2f27d294ac3bb46a6aac29c1c9936b985576041bfb338ae70");
	}

	@Test
	void digestDependsOnBothKeyAndId() {
		String key = SocketSecrets.newSecret();
		String id = SocketSecrets.newSecret();
		assertThat(SocketSecrets.digest(key, id)).isNotEqualTo(SocketSecrets.digest(SocketSecrets.newSecret(), id))
			.isNotEqualTo(SocketSecrets.digest(key, SocketSecrets.newSecret()))
			.isEqualTo(SocketSecrets.digest(key, id));
	}

	@Test
	void onlyLowercaseHexOfTheRightLengthIsWellFormed() {
		assertThat(SocketSecrets.isWellFormed("0123456789abcdef".repeat(4))).isTrue();
		assertThat(SocketSecrets.isWellFormed("0123456789ABCDEF".repeat(4))).isFalse();
		assertThat(SocketSecrets.isWellFormed("0123456789abcdeg".repeat(4))).isFalse();
		assertThat(SocketSecrets.isWellFormed("0123456789abcdef".repeat(4) + "0")).isFalse();
		assertThat(SocketSecrets.isWellFormed("")).isFalse();
		assertThat(SocketSecrets.isWellFormed(null)).isFalse();
	}

}
