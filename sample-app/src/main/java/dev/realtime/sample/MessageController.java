package dev.realtime.sample;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.realtime.boot.RealtimeSocket;

/**
 * Posting messages, to the chat or to a room, and joining rooms. Each message route takes JSON
 * {@code {"content":"..."}} or, with any other content type, the request parameter
 * {@code content} (a form field, or an {@code input} entry of a route called over the socket).
 */
@RestController
class MessageController {

	private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final RealtimeSocket socket;

	MessageController(RealtimeSocket socket) {
		this.socket = socket;
	}

	@PostMapping(path = "/messages", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/*+json" })
	@ResponseStatus(HttpStatus.CREATED)
	ChatMessage postJson(@Valid @RequestBody NewMessage message) {
		return push(message, ChatController.CHANNEL);
	}

	@PostMapping("/messages")
	@ResponseStatus(HttpStatus.CREATED)
	ChatMessage postForm(@Valid @ModelAttribute NewMessage message) {
		return push(message, ChatController.CHANNEL);
	}

	/**
	 * Subscribe the calling request's socket to a room: over the socket, the socket that
	 * called; over plain HTTP, a new connection id of the caller's session, answered so that
	 * the caller may connect with it.
	 * @param room the room name
	 * @return the channel and the connection id subscribed to it
	 */
	@PostMapping("/rooms/{room}/join")
	RoomJoined join(@PathVariable String room) {
		String channel = roomChannel(room);
		this.socket.subscribe(channel);
		return new RoomJoined(channel, this.socket.connectionId());
	}

	@PostMapping(path = "/rooms/{room}/messages",
			consumes = { MediaType.APPLICATION_JSON_VALUE, "application/*+json" })
	@ResponseStatus(HttpStatus.CREATED)
	ChatMessage postJsonToRoom(@PathVariable String room, @Valid @RequestBody NewMessage message) {
		return push(message, roomChannel(room));
	}

	@PostMapping("/rooms/{room}/messages")
	@ResponseStatus(HttpStatus.CREATED)
	ChatMessage postFormToRoom(@PathVariable String room, @Valid @ModelAttribute NewMessage message) {
		return push(message, roomChannel(room));
	}

	private ChatMessage push(NewMessage message, String channel) {
		// Validated: @NotBlank guarantees content.
		ChatMessage chatMessage = ChatMessage.now(String.valueOf(message.content()));
		this.socket.push(chatMessage, channel);
		return chatMessage;
	}

	/**
	 * Return the channel of a room. Room names are restricted so that a name can never be a
	 * wildcard push ({@code *}) reaching every room.
	 */
	private static String roomChannel(String room) {
		if (!ROOM_NAME.matcher(room).matches()) {
			throw new InvalidInputException(
					"room must be 1 to 64 letters, digits, '-' or '_'");
		}
		return "room:" + room;
	}

	/**
	 * The answer to joining a room.
	 *
	 * @param channel the channel subscribed to
	 * @param connectionId the connection id of the socket subscribed
	 */
	record RoomJoined(String channel, @JsonProperty("connection_id") String connectionId) {

	}

}
