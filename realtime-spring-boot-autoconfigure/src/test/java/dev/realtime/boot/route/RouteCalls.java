package dev.realtime.boot.route;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.realtime.boot.test.RealtimeTestSocket;

/**
 * Builds {@code call-route} messages and waits for their replies.
 */
final class RouteCalls {

	private static final JsonMapper json = JsonMapper.shared();

	private RouteCalls() {
	}

	static ObjectNode message(String id, String method, String uri) {
		ObjectNode message = json.createObjectNode();
		message.put("id", id);
		message.put("action", "call-route");
		message.put("method", method);
		message.put("uri", uri);
		return message;
	}

	static JsonNode call(RealtimeTestSocket socket, ObjectNode message) {
		return socket.request(message.toString(), message.get("id").asString());
	}

	static JsonNode call(RealtimeTestSocket socket, String id, String method, String uri) {
		return call(socket, message(id, method, uri));
	}

	static JsonNode body(JsonNode reply) {
		return json.readTree(reply.get("body").asString());
	}

	static JsonNode parse(String text) {
		return json.readTree(text);
	}

}
