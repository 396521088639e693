package dev.realtime.boot.route;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds {@code call-route} messages and waits for their replies.
 */
final class RouteCalls {

	private static final JsonMapper json = JsonMapper.shared();

	private static final AtomicInteger calls = new AtomicInteger();

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

	/**
	 * Call a route with GET over HTTP and over the socket, and check that the socket's reply has
	 * the status and the body that the HTTP client got, and each of the given headers with the
	 * same values, or missing from both.
	 * @param browser the HTTP client
	 * @param socket the socket
	 * @param uri the route's path and query
	 * @param headerNames the headers to compare
	 * @return the response over HTTP
	 */
	static HttpResponse<String> assertAnsweredAsOverHttp(TestAppBrowser browser, RealtimeTestSocket socket,
			String uri, List<String> headerNames) {
		HttpResponse<String> overHttp = browser.get(uri);
		JsonNode reply = call(socket, "as-over-http-" + calls.incrementAndGet(), "GET", uri);
		assertThat(reply.get("status").asInt()).as(uri).isEqualTo(overHttp.statusCode());
		assertThat(reply.get("body").asString()).as(uri).isEqualTo(overHttp.body());
		for (String name : headerNames) {
			List<String> values = overHttp.headers().allValues(name);
			assertThat(header(reply, name)).as(uri + " " + name)
				.isEqualTo(values.isEmpty() ? null : String.join(", ", values));
		}
		return overHttp;
	}

	private static @Nullable String header(JsonNode reply, String name) {
		for (Map.Entry<String, JsonNode> header : reply.get("headers").properties()) {
			if (header.getKey().equalsIgnoreCase(name)) {
				return header.getValue().asString();
			}
		}
		return null;
	}

}
