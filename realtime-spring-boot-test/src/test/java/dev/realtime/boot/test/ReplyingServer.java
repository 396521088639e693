package dev.realtime.boot.test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A WebSocket server on {@code /} that answers every message with
 * {@code {"id":<its id>,"status":200,"headers":{},"body":"pong"}}, as the realtime endpoint
 * answers a ping: enough for the client's own tests.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableWebSocket
class ReplyingServer {

	@Bean
	WebSocketConfigurer replyingEndpoint() {
		return (registry) -> registry.addHandler(new TextWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) {
				session.getAttributes().put("out", new ConcurrentWebSocketSessionDecorator(session, 10_000, 1 << 20));
			}

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
				JsonNode id = JsonMapper.shared().readTree(message.getPayload()).get("id");
				WebSocketSession out = (WebSocketSession) session.getAttributes().get("out");
				out.sendMessage(new TextMessage(
						"{\"id\":" + id + ",\"status\":200,\"headers\":{},\"body\":\"pong\"}"));
			}

		}, "/").setAllowedOriginPatterns("*");
	}

	@RestController
	static class Visits {

		@GetMapping("/visits")
		String visits(HttpSession session) {
			Integer visits = (Integer) session.getAttribute("visits");
			visits = (visits != null) ? visits + 1 : 1;
			session.setAttribute("visits", visits);
			return visits.toString();
		}

	}

}
