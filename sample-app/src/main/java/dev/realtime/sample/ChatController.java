package dev.realtime.sample;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

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
	 * @return the view name
	 */
	@GetMapping("/")
	String index() {
		this.socket.subscribe(CHANNEL);
		return "index";
	}

}
