package dev.realtime.boot.action;

import java.util.Map;

/**
 * The reply to a client's message, sent as
 * {@code {"id":<id>,"status":<int>,"headers":{...},"body":"<text>"}}.
 *
 * @param status the status, as an HTTP status code
 * @param headers the headers
 * @param body the body text
 */
public record RealtimeReply(int status, Map<String, String> headers, String body) {

	/**
	 * Create a 200 reply with no headers.
	 * @param body the body text
	 * @return the reply
	 */
	public static RealtimeReply ok(String body) {
		return new RealtimeReply(200, Map.of(), body);
	}

}
