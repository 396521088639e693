package dev.realtime.boot.broker;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
