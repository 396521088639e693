package dev.realtime.boot.broker;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link WildcardPatterns}: the prefix check in front of the pattern never changes
 * what a wildcard matches.
 */
class WildcardPatternsTests {

	private final WildcardPatterns wildcards = new WildcardPatterns();

	@Test
	void wildcardMatchesWhatItsPatternMatches() {
		List<String> channels = List.of("room:1", "room:", "room:1;admin", "rooms", "a-x-b-y-c", "a.(b)+z", "ax(b)+z",
				"lobby;admin", "");
		for (String wildcard : List.of("room:*", "*;admin", "a*b*c", "*", "a.(b)+*", "room:*;admin")) {
			for (String channel : channels) {
				assertThat(this.wildcards.get(wildcard).matches(channel)).as("%s against %s", wildcard, channel)
					.isEqualTo(ChannelNames.toPattern(wildcard).matcher(channel).matches());
			}
		}
	}

	@Test
	void wildcardMatchesWhatItsPatternMatchesWhereSemicolonsAreLiterals() {
		List<String> channels = List.of("a;b", "a;;b", "x;y;z", "x;;z", ";", ";;", "a;", ";b", "ab", "a;b;c;d", "xa;bx");
		for (String wildcard : List.of("*;*", "a;*", "*;b", "*;*;*", "x;*;z", "*a;b*", "**", "a*;*b", "*;")) {
			for (String channel : channels) {
				assertThat(this.wildcards.get(wildcard).matches(channel)).as("%s against %s", wildcard, channel)
					.isEqualTo(ChannelNames.toPattern(wildcard).matcher(channel).matches());
			}
		}
	}

	@Test
	void wildcardMatchesWhatItsPatternMatchesForRandomNames() {
		Random random = new Random(42);
		for (int i = 0; i < 20000; i++) {
			String wildcard = randomName(random, "ab;*.", 8);
			if (!ChannelNames.isWildcard(wildcard)) {
				continue;
			}
			String channel = randomName(random, "ab;.", 10);
			assertThat(this.wildcards.get(wildcard).matches(channel)).as("%s against %s", wildcard, channel)
				.isEqualTo(ChannelNames.toPattern(wildcard).matcher(channel).matches());
		}
	}

	private static String randomName(Random random, String alphabet, int maxLength) {
		StringBuilder name = new StringBuilder();
		for (int length = random.nextInt(maxLength + 1); length > 0; length--) {
			name.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return name.toString();
	}

	@Test
	void wildcardWithManyStarsIsMatchedAgainstALongChannelAtOnce() {
		String channel = "a".repeat(ChannelNames.MAX_LENGTH);
		WildcardPatterns.Wildcard wildcard = this.wildcards.get("a*".repeat(12) + "b");
		assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> wildcard.matches(channel))).isFalse();
		WildcardPatterns.Wildcard semicolons = this.wildcards.get("*:".repeat(8) + "*");
		assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2),
				() -> semicolons.matches(":".repeat(ChannelNames.MAX_LENGTH - 1) + ";")))
			.isFalse();
	}

	@Test
	void channelWithoutTheLiteralPrefixIsNotMatched() {
		assertThat(this.wildcards.get("room:*").matches("lobby:1")).isFalse();
		assertThat(this.wildcards.get("room:*").matches("room:7")).isTrue();
	}

	@Test
	void sameWildcardIsCompiledOnce() {
		assertThat(this.wildcards.get("room:*")).isSameAs(this.wildcards.get("room:*"));
	}

	@Test
	void manyDifferentWildcardsStillMatchCorrectly() {
		for (int i = 0; i < 3000; i++) {
			assertThat(this.wildcards.get("room:" + i + ":*").matches("room:" + i + ":x")).isTrue();
		}
		assertThat(this.wildcards.get("room:1:*").matches("room:2:x")).isFalse();
	}

}
