package dev.realtime.boot.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled form of the wildcard names pushed to, kept so that a push by a wildcard neither
 * splits it again nor matches it in full against every channel: a channel must first start
 * with the wildcard's literal prefix, a plain string comparison.
 */
final class WildcardPatterns {

	// Wildcards come from application code, not from clients, so there are few of them; the
	// bound only keeps a program that builds them from data from growing the map for ever.
	private static final int MAX_CACHED = 1024;

	private final Map<String, Wildcard> cache = new ConcurrentHashMap<>();

	Wildcard get(String wildcard) {
		Wildcard compiled = this.cache.get(wildcard);
		if (compiled == null) {
			if (this.cache.size() >= MAX_CACHED) {
				this.cache.clear();
			}
			compiled = this.cache.computeIfAbsent(wildcard, Wildcard::new);
		}
		return compiled;
	}

	/**
	 * A wildcard name, matched without a regular expression: a pattern of several {@code *}
	 * backtracks through every way of splitting a channel that it does not match, which for a
	 * name of 256 characters and a dozen {@code *} takes longer than anyone waits. Since a
	 * {@code *} never stands for {@code ;}, a matching channel has its {@code ;} exactly where
	 * the wildcard's literals have them, and the parts between them are matched one by one, in
	 * time proportional to their lengths' product at worst. Matches what
	 * {@link ChannelNames#toPattern(String)} matches.
	 */
	static final class Wildcard {

		private final String prefix;

		private final String[] parts;

		private Wildcard(String wildcard) {
			this.prefix = wildcard.substring(0, wildcard.indexOf('*'));
			this.parts = wildcard.split(";", -1);
		}

		boolean matches(String channel) {
			if (!channel.startsWith(this.prefix)) {
				return false;
			}
			int start = 0;
			for (int i = 0; i < this.parts.length; i++) {
				int semicolon = channel.indexOf(';', start);
				boolean last = (i == this.parts.length - 1);
				if (last != (semicolon < 0)) {
					return false;
				}
				int end = last ? channel.length() : semicolon;
				if (!matchesPart(this.parts[i], channel, start, end)) {
					return false;
				}
				start = end + 1;
			}
			return true;
		}

		// Whether the part (no ';', '*' for any run of characters) matches channel[start, end):
		// on a mismatch, only the last '*' seen takes one more character.
		private static boolean matchesPart(String part, String channel, int start, int end) {
			int p = 0;
			int c = start;
			int star = -1;
			int starMatch = start;
			while (c < end) {
				if (p < part.length() && part.charAt(p) == '*') {
					star = p++;
					starMatch = c;
				}
				else if (p < part.length() && part.charAt(p) == channel.charAt(c)) {
					p++;
					c++;
				}
				else if (star >= 0) {
					p = star + 1;
					c = ++starMatch;
				}
				else {
					return false;
				}
			}
			while (p < part.length() && part.charAt(p) == '*') {
				p++;
			}
			return p == part.length();
		}

	}

}
