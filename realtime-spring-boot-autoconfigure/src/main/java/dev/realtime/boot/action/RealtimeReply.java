package dev.realtime.boot.action;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The reply to a client's message, sent as
 * {@code {"id":<id>,"status":<int>,"headers":{...},"body":"<text>"}}.
 *
 * @param status the status, as an HTTP status code
 * @param headers the headers; {@code null} is taken as none
 * @param body the body text; {@code null} is taken as empty
 */
public record RealtimeReply(int status, Map<String, String> headers, String body) {

	/**
	 * Create a reply.
	 * @param status the status, as an HTTP status code
	 * @param headers the headers; {@code null} is taken as none
	 * @param body the body text; {@code null} is taken as empty
	 */
	public RealtimeReply(int status, @Nullable Map<String, String> headers, @Nullable String body) {
		this.status = status;
		this.headers = (headers != null) ? headers : Map.of();
		this.body = (body != null) ? body : "";
	}

	/**
	 * Create a 200 reply with no headers.
	 * @param body the body text
	 * @return the reply
	 */
	public static RealtimeReply ok(String body) {
		return new RealtimeReply(200, Map.of(), body);
	}

}
