package dev.realtime.boot.route;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.realtime.boot.action.RealtimeActionException;

/**
 * The fields of a {@code call-route} message: {@code method} (any case, default GET),
 * {@code uri} (path and query), {@code input} (request parameters), and optionally
 * {@code headers} and {@code body}.
 *
 * @param method the HTTP method, upper case
 * @param uri the path and query
 * @param input the input entries, empty if none
 * @param headers the headers, empty if none
 * @param body the request body, if any
 */
record RouteCall(String method, String uri, ObjectNode input, Map<String, String> headers, @Nullable String body) {

	static RouteCall of(ObjectNode message) {
		String uri = text(message, "uri");
		if (uri == null || !uri.startsWith("/") || uri.startsWith("//")) {
			throw badRequest("call-route needs a \"uri\" that is a path, such as \"/messages?page=2\"");
		}
		String method = text(message, "method");
		if (method == null) {
			method = "GET";
		}
		else if (!isMethod(method)) {
			throw badRequest("call-route \"method\" must be an HTTP method such as \"post\"");
		}
		else if ("TRACE".equalsIgnoreCase(method)) {
			// Refused as servlet containers refuse it by default: its reply would echo the
			// handshake's headers, cookies included, to the page's scripts.
			throw new RealtimeActionException(405, "call-route does not run TRACE");
		}
		return new RouteCall(method.toUpperCase(Locale.ROOT), uri, object(message, "input"), headers(message),
				text(message, "body"));
	}

	// [A-Za-z]{1,16}, checked by hand: a matcher per call showed in profiles.
	private static boolean isMethod(String method) {
		int length = method.length();
		if (length == 0 || length > 16) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = method.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String text(ObjectNode message, String field) {
		JsonNode value = message.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw badRequest("call-route \"" + field + "\" must be a string");
		}
		return value.stringValue();
	}

	private static ObjectNode object(ObjectNode message, String field) {
		JsonNode value = message.get(field);
		if (value == null || value.isNull()) {
			return message.objectNode();
		}
		if (!(value instanceof ObjectNode object)) {
			throw badRequest("call-route \"" + field + "\" must be an object");
		}
		return object;
	}

	private static Map<String, String> headers(ObjectNode message) {
		if (message.get("headers") == null) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		object(message, "headers").properties().forEach((entry) -> {
			JsonNode value = entry.getValue();
			if (!value.isValueNode() || value.isNull()) {
				throw badRequest("call-route header \"" + entry.getKey() + "\" must be a string");
			}
			headers.put(entry.getKey(), value.asString());
		});
		return headers;
	}

	private static RealtimeActionException badRequest(String message) {
		return new RealtimeActionException(400, message);
	}

}
