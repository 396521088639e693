package dev.realtime.boot.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The path and query of an origin-form URI (such as {@code /messages?page=2}) read by hand,
 * giving what {@code UriComponentsBuilder.fromUriString(uri).build()} gives: nearly every
 * route call has such a URI, and the general parser cost more than the rest of the request.
 * {@link #parse(String)} answers {@code null} for anything off that common case (an encoding
 * the parser would check, a {@code //} it would collapse, an empty or nameless pair it would
 * drop, a character outside ASCII), which then goes to the general parser.
 *
 * @param path the path, as the URI has it
 * @param query the query, with the pairs of one name together as the parser rebuilds it, or
 * {@code null} if none or empty
 * @param queryParams the query's names and values, still encoded; a {@code null} value for a
 * name without {@code =}
 */
record OriginForm(String path, @Nullable String query, Map<String, List<@Nullable String>> queryParams) {

	// pchar of RFC 3986 (unreserved, sub-delims, ':' and '@') and '/', without '%'.
	private static final boolean[] PATH = new boolean[128];

	// Query and fragment characters: those of the path and '?'.
	private static final boolean[] QUERY = new boolean[128];

	static {
		String pchar = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";
		for (int i = 0; i < pchar.length(); i++) {
			PATH[pchar.charAt(i)] = true;
			QUERY[pchar.charAt(i)] = true;
		}
		QUERY['?'] = true;
	}

	static @Nullable OriginForm parse(String uri) {
		int length = uri.length();
		if (length == 0 || uri.charAt(0) != '/') {
			return null;
		}
		int pathEnd = scan(uri, 0, length, PATH);
		if (pathEnd < length && uri.charAt(pathEnd) != '?' && uri.charAt(pathEnd) != '#') {
			return null;
		}
		String path = uri.substring(0, pathEnd);
		if (path.contains("//")) {
			return null;
		}
		int queryEnd = pathEnd;
		if (pathEnd < length && uri.charAt(pathEnd) == '?') {
			queryEnd = scan(uri, pathEnd + 1, length, QUERY);
		}
		if (queryEnd < length) {
			if (uri.charAt(queryEnd) != '#' || scan(uri, queryEnd + 1, length, QUERY) != length) {
				return null;
			}
		}
		if (queryEnd <= pathEnd + 1) {
			return new OriginForm(path, null, Map.of());
		}
		return withQuery(path, uri.substring(pathEnd + 1, queryEnd));
	}

	private static @Nullable OriginForm withQuery(String path, String query) {
		Map<String, List<@Nullable String>> params = new LinkedHashMap<>();
		boolean regrouped = false;
		@Nullable String previous = null;
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end == -1) {
				end = query.length();
			}
			if (end == start || query.charAt(start) == '=') {
				return null;
			}
			int equals = query.indexOf('=', start);
			String name;
			@Nullable String value;
			if (equals == -1 || equals > end) {
				name = query.substring(start, end);
				value = null;
			}
			else {
				name = query.substring(start, equals);
				value = query.substring(equals + 1, end);
			}
			List<@Nullable String> values = params.get(name);
			if (values == null) {
				values = new ArrayList<>(1);
				params.put(name, values);
			}
			else if (!name.equals(previous)) {
				regrouped = true;
			}
			values.add(value);
			previous = name;
			start = end + 1;
		}
		return new OriginForm(path, regrouped ? join(params) : query, params);
	}

	// The query as the parser rebuilds it from its parameters: a name's pairs together.
	private static String join(Map<String, List<@Nullable String>> params) {
		StringBuilder query = new StringBuilder();
		params.forEach((name, values) -> {
			for (@Nullable String value : values) {
				if (!query.isEmpty()) {
					query.append('&');
				}
				query.append(name);
				if (value != null) {
					query.append('=').append(value);
				}
			}
		});
		return query.toString();
	}

	// The index of the first character from start that is not allowed or well percent-encoded.
	private static int scan(String uri, int start, int end, boolean[] allowed) {
		int i = start;
		while (i < end) {
			char c = uri.charAt(i);
			if (c == '%') {
				if (i + 2 >= end || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) {
					return i;
				}
				i += 3;
			}
			else if (c < 128 && allowed[c]) {
				i++;
			}
			else {
				return i;
			}
		}
		return end;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
