package dev.realtime.boot.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
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
		return RouterFunctions.route().GET(path, this::serve).build();
	}

	private ServerResponse serve(ServerRequest request) {
		Map<String, Object> settings = new LinkedHashMap<>(this.settings);
		settings.put("contextPath", request.servletRequest().getContextPath());
		String body = this.script.replace(SETTINGS_PLACEHOLDER, this.jsonMapper.writeValueAsString(settings));
		return ServerResponse.ok()
			.contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.body(body);
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
