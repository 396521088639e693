package dev.realtime.boot.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A WebSocket server on {@code /} that answers every message with
 * {@code {"id":<its id>,"status":200,"headers":{},"body":"pong"}}, as the realtime endpoint
 * answers a ping: enough for the client's own tests. A socket whose connection id is
 * {@code busy} is answered 503 instead, as a server whose action threads are all busy.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableWebSocket
class ReplyingServer {

	/** The query strings of the sockets open now. */
	static final Set<String> open = ConcurrentHashMap.newKeySet();

	@Bean
	WebSocketConfigurer replyingEndpoint() {
		return (registry) -> registry.addHandler(new TextWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) {
				session.getAttributes().put("out", new ConcurrentWebSocketSessionDecorator(session, 10_000, 1 << 20));
				open.add(session.getUri().getQuery());
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
				open.remove(session.getUri().getQuery());
			}

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
				JsonNode id = JsonMapper.shared().readTree(message.getPayload()).get("id");
				WebSocketSession out = (WebSocketSession) session.getAttributes().get("out");
				if ("socket_connection_id=busy".equals(session.getUri().getQuery())) {
					out.sendMessage(new TextMessage("{\"id\":" + id + ",\"status\":503,\"error\":\"server busy\"}"));
					return;
				}
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
