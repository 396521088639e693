package dev.realtime.boot.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.DigestUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the JavaScript client, with the server's settings (the socket path, the resume
 * window, the id endpoint) written into it, so that a page needs nothing but a script tag.
 */
public final class ClientScriptEndpoint {

	private static final String SCRIPT = "dev/realtime/boot/web/realtime.js";

	private static final String SETTINGS_PLACEHOLDER = "/*server settings*/{}";

	private final String script;

	private final Map<String, Object> settings;

	private final JsonMapper jsonMapper;

	private volatile @Nullable Rendered rendered;

	/**
	 * Create the endpoint.
	 * @param socketPath the path of the WebSocket endpoint, within the application
	 * @param connectionEndpointPath the path of the connection id endpoint, within the application
	 * @param resumeWindow how long a closed socket's id may be resumed
	 * @param jsonMapper the mapper that writes the settings
	 */
	public ClientScriptEndpoint(String socketPath, String connectionEndpointPath, Duration resumeWindow,
			JsonMapper jsonMapper) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("socketPath", socketPath);
		settings.put("connectionEndpoint", connectionEndpointPath);
		settings.put("resumeWindow", resumeWindow.toMillis());
		this.settings = Collections.unmodifiableMap(settings);
		this.jsonMapper = jsonMapper;
		this.script = read();
	}

	/**
	 * Return the route of this endpoint.
	 * @param path the script's path
	 * @return the route
	 */
	public RouterFunction<ServerResponse> route(String path) {
		return RouterFunctions.route()
			.GET(path, this::serve)
			.build()
			.and(MethodNotAllowed.otherMethods(path, HttpMethod.GET));
	}

	// Served with no-cache, so that a browser asks again on every page and gets new settings at
	// once: with an ETag, asking again costs a 304 rather than the script.
	private ServerResponse serve(ServerRequest request) {
		Rendered rendered = render(request.servletRequest().getContextPath());
		return request.checkNotModified(rendered.etag())
			.orElseGet(() -> ServerResponse.ok()
				.contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
				.cacheControl(CacheControl.noCache())
				.eTag(rendered.etag())
				.body(rendered.body()));
	}

	// The script differs only by the context path, which is one per application but may be told
	// apart by a proxy (X-Forwarded-Prefix): the last one rendered is kept.
	private Rendered render(String contextPath) {
		Rendered rendered = this.rendered;
		if (rendered == null || !rendered.contextPath().equals(contextPath)) {
			Map<String, Object> settings = new LinkedHashMap<>(this.settings);
			settings.put("contextPath", contextPath);
			String body = this.script.replace(SETTINGS_PLACEHOLDER, this.jsonMapper.writeValueAsString(settings));
			String etag = "\"" + DigestUtils.md5DigestAsHex(body.getBytes(StandardCharsets.UTF_8)) + "\"";
			rendered = new Rendered(contextPath, body, etag);
			this.rendered = rendered;
		}
		return rendered;
	}

	private record Rendered(String contextPath, String body, String etag) {
	}

	private static String read() {
		try (InputStream in = new ClassPathResource(SCRIPT, ClientScriptEndpoint.class.getClassLoader())
			.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The realtime JavaScript client is missing from the classpath", ex);
		}
	}

}
