package dev.realtime.boot.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reply to a route called over the socket: {@code {"id","status","headers","body"}}, or
 * {@code {"id","status","error"}} when the message itself was refused.
 *
 * @param status the status
 * @param headers the response headers
 * @param body the response body, or {@code null} if the reply has none
 * @param error what was wrong with the message, or {@code null}
 */
public record RouteReply(int status, Map<String, String> headers, @Nullable String body, @Nullable String error) {

	static RouteReply of(JsonNode reply) {
		Map<String, String> headers = new LinkedHashMap<>();
		JsonNode headerNode = reply.path("headers");
		for (String name : headerNode.propertyNames()) {
			JsonNode value = headerNode.get(name);
			headers.put(name, value.isArray() ? joined(value) : value.asString());
		}
		return new RouteReply(reply.path("status").asInt(), Collections.unmodifiableMap(headers),
				reply.hasNonNull("body") ? reply.get("body").asString() : null,
				reply.hasNonNull("error") ? reply.get("error").asString() : null);
	}

	/**
	 * Return a response header, whatever the case of its name.
	 * @param name the header name
	 * @return the value, or {@code null}
	 */
	public @Nullable String header(String name) {
		for (Map.Entry<String, String> header : this.headers.entrySet()) {
			if (header.getKey().equalsIgnoreCase(name)) {
				return header.getValue();
			}
		}
		return null;
	}

	/**
	 * Return the body read as JSON.
	 * @return the body as JSON
	 * @throws AssertionError if there is no body
	 */
	public JsonNode json() {
		if (this.body == null) {
			throw new AssertionError("The reply has no body: " + this);
		}
		return JsonMapper.shared().readTree(this.body);
	}

	private static String joined(JsonNode values) {
		StringBuilder joined = new StringBuilder();
		for (JsonNode value : values) {
			if (!joined.isEmpty()) {
				joined.append(", ");
			}
			joined.append(value.asString());
		}
		return joined.toString();
	}

}
