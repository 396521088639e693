package dev.realtime.sample;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A message as it is posted, from form field {@code content} or JSON
 * {@code {"content":"..."}}.
 *
 * @param content the text of the message; required, not blank, at most
 * {@value #MAX_LENGTH} characters
 */
public record NewMessage(
		@NotBlank(message = "content must not be empty or blank")
		@Size(max = NewMessage.MAX_LENGTH, message = "content must be at most {max} characters") @Nullable String content) {

	/** Longest message accepted, in characters. */
	public static final int MAX_LENGTH = 2000;

}
