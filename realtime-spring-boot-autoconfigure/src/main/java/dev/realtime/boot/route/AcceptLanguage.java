package dev.realtime.boot.route;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Reads the locales of a request from its {@code Accept-Language} headers as Tomcat reads
 * them: every value of every header, each tag a token and each quality a {@code q} of at most
 * three decimals (a malformed one drops its tag, as does a quality of zero), in order of
 * quality and then of appearance; the JVM's default locale when none is left.
 */
final class AcceptLanguage {

	private AcceptLanguage() {
	}

	static List<Locale> locales(Enumeration<String> headerValues) {
		List<Weighted> weighted = new ArrayList<>(4);
		while (headerValues.hasMoreElements()) {
			for (String entry : headerValues.nextElement().split(",")) {
				int semicolon = entry.indexOf(';');
				String tag = ((semicolon != -1) ? entry.substring(0, semicolon) : entry).trim();
				double quality = (semicolon != -1) ? quality(entry.substring(semicolon + 1)) : 1;
				if (isToken(tag) && quality > 0) {
					weighted.add(new Weighted(Locale.forLanguageTag(tag), quality));
				}
			}
		}
		if (weighted.isEmpty()) {
			// As the container without the header: Tomcat and Jetty answer the JVM's default,
			// where the in-memory request answered English.
			return List.of(Locale.getDefault());
		}
		// A stable sort: tags of one quality keep the order they came in.
		weighted.sort((a, b) -> Double.compare(b.quality(), a.quality()));
		List<Locale> locales = new ArrayList<>(weighted.size());
		for (Weighted each : weighted) {
			locales.add(each.locale());
		}
		return locales;
	}

	// "q=0.8": lower case q, optional whitespace around '=', 0 or 1 and at most three decimals,
	// at most 1. Anything else is malformed: zero.
	private static double quality(String parameter) {
		String trimmed = parameter.trim();
		if (!trimmed.startsWith("q")) {
			return 0;
		}
		String afterName = trimmed.substring(1).trim();
		if (!afterName.startsWith("=")) {
			return 0;
		}
		String value = afterName.substring(1).trim();
		if (value.isEmpty() || (value.charAt(0) != '0' && value.charAt(0) != '1')) {
			return 0;
		}
		if (value.length() > 1) {
			if (value.charAt(1) != '.' || value.length() > 5) {
				return 0;
			}
			for (int i = 2; i < value.length(); i++) {
				if (value.charAt(i) < '0' || value.charAt(i) > '9') {
					return 0;
				}
			}
		}
		double quality = Double.parseDouble(value.endsWith(".") ? value + "0" : value);
		return (quality <= 1) ? quality : 0;
	}

	// RFC 9110's token: what Tomcat reads as a tag before it hands it to the Locale class.
	private static boolean isToken(String tag) {
		if (tag.isEmpty()) {
			return false;
		}
		for (int i = 0; i < tag.length(); i++) {
			char c = tag.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) == -1) {
				return false;
			}
		}
		return true;
	}

	private record Weighted(Locale locale, double quality) {
	}

}
