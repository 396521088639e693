package dev.realtime.boot.broker;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.TextMessage;

/**
 * Encodes push frames, {@code {"channel":"<name>","payload":<json>}}, with the application's
 * {@link JsonMapper}.
 */
public class PushFrames {

	private final JsonMapper jsonMapper;

	/**
	 * Create an encoder.
	 * @param jsonMapper the mapper that serializes payloads
	 */
	public PushFrames(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Serialize a payload.
	 * @param payload the payload
	 * @return its JSON
	 */
	public String payloadJson(@Nullable Object payload) {
		return this.jsonMapper.writeValueAsString(payload);
	}

	/**
	 * Build the frame of one channel.
	 * @param channel the subscribed channel name
	 * @param payloadJson the payload's JSON
	 * @return the frame
	 */
	public TextMessage push(String channel, String payloadJson) {
		String name = this.jsonMapper.writeValueAsString(channel);
		StringBuilder frame = new StringBuilder(name.length() + payloadJson.length() + 24);
		frame.append("{\"channel\":").append(name).append(",\"payload\":").append(payloadJson).append('}');
		// From bytes: the message then knows its length in bytes without encoding its text
		// again, which the send limits ask for once per socket.
		return new TextMessage(frame.toString().getBytes(StandardCharsets.UTF_8));
	}

}
