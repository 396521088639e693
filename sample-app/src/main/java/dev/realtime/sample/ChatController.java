package dev.realtime.sample;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.realtime.boot.RealtimeSocket;

/**
 * The chat page.
 */
@Controller
class ChatController {

	static final String CHANNEL = "chat";

	private final RealtimeSocket socket;

	ChatController(RealtimeSocket socket) {
		this.socket = socket;
	}

	/**
	 * Render the chat page. Its socket is subscribed to {@code chat} before it connects; the
	 * starter writes its connection id onto the page's {@code <body>}.
	 * @param connect whether the page connects its socket itself; with {@code false} the page
	 * leaves its id free for the guide's snippet, pasted into the browser's console (a
	 * connection id is held by one socket at a time)
	 * @param model the model
	 * @return the view name
	 */
	@GetMapping("/")
	String index(@RequestParam(defaultValue = "true") boolean connect, Model model) {
		this.socket.subscribe(CHANNEL);
		model.addAttribute("connect", connect);
		return "index";
	}

	/**
	 * Subscribe the calling socket to {@code chat}: the page calls it over the socket when its
	 * connection id was replaced by a fresh one, whose subscriptions start empty.
	 * @return the channel and the connection id subscribed to it
	 */
	@PostMapping("/chat/join")
	@ResponseBody
	MessageController.RoomJoined join() {
		this.socket.subscribe(CHANNEL);
		return new MessageController.RoomJoined(CHANNEL, this.socket.connectionId());
	}

}
