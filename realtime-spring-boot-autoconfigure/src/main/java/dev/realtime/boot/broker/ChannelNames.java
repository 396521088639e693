package dev.realtime.boot.broker;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Rules for channel names: a non-empty, non-blank string of at most 256 characters. In a push,
 * {@code *} stands for any run of characters other than {@code ;} (Pakyow's rule).
 */
public final class ChannelNames {

	/** Longest channel name accepted. */
	public static final int MAX_LENGTH = 256;

	private ChannelNames() {
	}

	/**
	 * Check the given channel names and return them as a list.
	 * @param channels the channel names
	 * @return the names
	 * @throws IllegalArgumentException if there is no name or one is null, blank or too long
	 */
	public static List<String> validate(String @Nullable... channels) {
		if (channels == null) {
			throw new IllegalArgumentException("At least one channel is required, got none");
		}
		return validate(Arrays.asList(channels));
	}

	/**
	 * Check the given channel names and return them as a list.
	 * @param channels the channel names
	 * @return the names
	 * @throws IllegalArgumentException if there is no name or one is null, blank or too long
	 */
	public static List<String> validate(@Nullable Collection<String> channels) {
		if (channels == null || channels.isEmpty()) {
			throw new IllegalArgumentException("At least one channel is required, got none");
		}
		for (String channel : channels) {
			if (channel == null || channel.isBlank()) {
				throw new IllegalArgumentException("Channel name must not be blank, got " + (channel == null ? "null" : "'" + channel + "'"));
			}
			if (channel.length() > MAX_LENGTH) {
				throw new IllegalArgumentException("Channel name must be at most " + MAX_LENGTH
						+ " characters, got one of " + channel.length() + " starting '" + channel.substring(0, 32) + "'");
			}
		}
		return List.copyOf(channels);
	}

	/**
	 * Return whether a pushed name matches more than one channel.
	 * @param channel a channel name
	 * @return whether it contains {@code *}
	 */
	public static boolean isWildcard(String channel) {
		return channel.indexOf('*') >= 0;
	}

	/**
	 * Return the pattern of a wildcard name.
	 * @param wildcard a name containing {@code *}
	 * @return a pattern in which each {@code *} matches any run of characters other than
	 * {@code ;}
	 */
	public static Pattern toPattern(String wildcard) {
		StringBuilder regex = new StringBuilder(wildcard.length() + 16);
		int start = 0;
		for (int star = wildcard.indexOf('*'); star >= 0; star = wildcard.indexOf('*', start)) {
			if (star > start) {
				regex.append(Pattern.quote(wildcard.substring(start, star)));
			}
			regex.append("[^;]*");
			start = star + 1;
		}
		if (start < wildcard.length()) {
			regex.append(Pattern.quote(wildcard.substring(start)));
		}
		return Pattern.compile(regex.toString());
	}

}
