package dev.realtime.boot.route;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;

/**
 * The servlet container's charsets for a response whose application names none: what an HTTP
 * client then decodes the same route's body with. As the servlet specification says, and Tomcat
 * does, a writer gets the charset of the response's locale if the container maps it to one, or
 * else the context's response character encoding, or else ISO-8859-1, and the charset is named
 * in the {@code Content-Type}. Jetty takes UTF-8 for JSON, without naming it.
 */
final class ContainerCharsets {

	// The types that Jetty 12 assumes are UTF-8 without naming it (its encoding.properties;
	// those it would name, such as HTML, it does not on Boot's Jetty).
	private static final Set<String> JETTY_ASSUMED_UTF_8 = Set.of("text/json", "application/json",
			"application/vnd.api+json");

	// What Spring Boot maps on its embedded Tomcat, in place of Tomcat's own ISO-8859-1 for
	// English and French (an application deployed to a Tomcat of its own is rare, and its
	// pages would name their charset).
	private static final Map<Locale, Charset> BOOT_TOMCAT_LOCALE_CHARSETS = Map.of(Locale.ENGLISH,
			StandardCharsets.UTF_8, Locale.FRENCH, StandardCharsets.UTF_8, Locale.JAPANESE, StandardCharsets.UTF_8);

	private final boolean jetty;

	private final @Nullable String contextDefault;

	private final Map<String, String> localeCharsets;

	private final boolean absoluteRedirects;

	private ContainerCharsets(boolean jetty, @Nullable String contextDefault, Map<String, String> localeCharsets,
			boolean absoluteRedirects) {
		this.jetty = jetty;
		this.contextDefault = contextDefault;
		this.localeCharsets = localeCharsets;
		this.absoluteRedirects = absoluteRedirects;
	}

	/**
	 * Read the container's charsets.
	 * @param servletContext the application's servlet context
	 * @param localeCharsets the charsets of locales that the application maps
	 * ({@code server.servlet.encoding.mapping}), which Spring Boot configures its container with
	 * @param tomcatRelativeRedirects whether Spring Boot has Tomcat send a redirect's location as
	 * the application gives it ({@code server.tomcat.use-relative-redirects}), or else absolute
	 * @return the container's charsets
	 */
	static ContainerCharsets of(ServletContext servletContext, Map<Locale, Charset> localeCharsets,
			boolean tomcatRelativeRedirects) {
		String serverInfo = servletContext.getServerInfo();
		boolean jetty = serverInfo != null && serverInfo.toLowerCase(Locale.ROOT).contains("jetty");
		boolean tomcat = serverInfo != null && serverInfo.startsWith("Apache Tomcat");
		Map<String, String> byLocale = new HashMap<>();
		if (tomcat) {
			BOOT_TOMCAT_LOCALE_CHARSETS.forEach((locale, charset) -> byLocale.put(locale.toString(), charset.name()));
		}
		localeCharsets.forEach((locale, charset) -> byLocale.put(locale.toString(), charset.name()));
		return new ContainerCharsets(jetty, servletContext.getResponseCharacterEncoding(), Map.copyOf(byLocale),
				tomcat && !tomcatRelativeRedirects);
	}

	/**
	 * Return the context's response character encoding, if it sets one.
	 * @return the context's default, or {@code null}
	 */
	@Nullable String contextDefault() {
		return this.contextDefault;
	}

	/**
	 * Return whether the container makes the location of a {@code sendRedirect} absolute, as
	 * Spring Boot's Tomcat does by default (Jetty sends it as it is).
	 * @return whether redirects are absolute
	 */
	boolean absoluteRedirects() {
		return this.absoluteRedirects;
	}

	/**
	 * Return the charset that the container maps a response's locale to, as {@code setLocale}
	 * applies it: by the locale, or else by its language.
	 * @param locale the locale
	 * @return the charset, or {@code null} if none is mapped
	 */
	@Nullable String forLocale(Locale locale) {
		String charset = this.localeCharsets.get(locale.toString());
		return (charset != null) ? charset : this.localeCharsets.get(locale.getLanguage());
	}

	/**
	 * Return the charset that the container gives a writer when the response has none.
	 * @param contentType the response's content type, if any
	 * @return the writer's charset
	 */
	WriterCharset forWriter(@Nullable String contentType) {
		if (contentType != null && assumesCharset(contentType)) {
			return new WriterCharset("utf-8", false);
		}
		if (this.contextDefault != null) {
			return new WriterCharset(this.contextDefault, true);
		}
		return new WriterCharset(this.jetty ? "iso-8859-1" : "ISO-8859-1", true);
	}

	/**
	 * Return whether the container assumes the charset of a content type, without naming it,
	 * and uses it even where a charset was set before.
	 * @param contentType the content type
	 * @return whether its charset is assumed
	 */
	boolean assumesCharset(String contentType) {
		return this.jetty && JETTY_ASSUMED_UTF_8.contains(baseType(contentType));
	}

	private static String baseType(String contentType) {
		int semicolon = contentType.indexOf(';');
		return ((semicolon != -1) ? contentType.substring(0, semicolon) : contentType).trim()
			.toLowerCase(Locale.ROOT);
	}

	/**
	 * A writer's charset.
	 *
	 * @param name the name of the charset
	 * @param named whether the container names it in the {@code Content-Type}
	 */
	record WriterCharset(String name, boolean named) {

	}

}
