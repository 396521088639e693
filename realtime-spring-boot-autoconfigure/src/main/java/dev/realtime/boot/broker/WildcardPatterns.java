package dev.realtime.boot.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The compiled form of the wildcard names pushed to, kept so that a push by a wildcard neither
 * compiles a pattern nor runs it against every channel: a channel must first start with the
 * wildcard's literal prefix, a plain string comparison.
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

	static final class Wildcard {

		private final String prefix;

		private final Pattern pattern;

		private Wildcard(String wildcard) {
			this.prefix = wildcard.substring(0, wildcard.indexOf('*'));
			this.pattern = ChannelNames.toPattern(wildcard);
		}

		boolean matches(String channel) {
			return channel.startsWith(this.prefix) && this.pattern.matcher(channel).matches();
		}

	}

}
