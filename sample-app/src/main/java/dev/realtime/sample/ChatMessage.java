package dev.realtime.sample;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message as it is pushed to a channel and answered to its poster:
 * {@code {"content":"...","sent_at":"<ISO-8601 instant>"}}.
 *
 * @param content the text of the message
 * @param sentAt when the server accepted it
 */
public record ChatMessage(String content, @JsonProperty("sent_at") Instant sentAt) {

	/**
	 * Create a message sent now.
	 * @param content the text of the message
	 * @return the message
	 */
	public static ChatMessage now(String content) {
		return new ChatMessage(content, Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

}
