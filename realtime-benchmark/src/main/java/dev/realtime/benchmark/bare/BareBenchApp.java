package dev.realtime.benchmark.bare;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

import dev.realtime.benchmark.server.BenchServerConfiguration;
import dev.realtime.benchmark.server.Pusher;

/**
 * The floor that the targets are set against: a plain Spring
 * {@link TextWebSocketHandler} that broadcasts one prepared {@link TextMessage} to the
 * sessions of a channel, one blocking write per frame on the pushing thread. Sockets name
 * their channels when they connect ({@code /bare?channels=a,b}); any text message is answered
 * with {@code {"id":0}}, so the load client can tell that a socket is open as it does for this
 * starter's ping. It has no send limits and no identity, so a stalled client would hold up
 * every push: scenario (f) is not run against it.
 */
@SpringBootApplication
@Import(BenchServerConfiguration.class)
public class BareBenchApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(BareBenchApp.class).properties("realtime.enabled=false").run(args);
	}

	@Bean
	BroadcastHandler broadcastHandler() {
		return new BroadcastHandler();
	}

	@Bean
	Pusher pusher(BroadcastHandler handler, JsonMapper jsonMapper) {
		return (payload, channel) -> handler.broadcast(new TextMessage(jsonMapper.writeValueAsString(payload)), channel);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class WebSocketConfiguration implements WebSocketConfigurer {

		private final BroadcastHandler handler;

		WebSocketConfiguration(BroadcastHandler handler) {
			this.handler = handler;
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(this.handler, "/bare");
		}

	}

	static class BroadcastHandler extends TextWebSocketHandler {

		private static final TextMessage OPEN = new TextMessage("{\"id\":0}");

		private final Map<String, Set<WebSocketSession>> channels = new ConcurrentHashMap<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			for (String channel : channelsOf(session)) {
				this.channels.computeIfAbsent(channel, (name) -> ConcurrentHashMap.newKeySet()).add(session);
			}
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			send(session, OPEN);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			for (String channel : channelsOf(session)) {
				Set<WebSocketSession> sessions = this.channels.get(channel);
				if (sessions != null) {
					sessions.remove(session);
				}
			}
		}

		void broadcast(TextMessage message, String channel) {
			for (WebSocketSession session : this.channels.getOrDefault(channel, Set.of())) {
				try {
					send(session, message);
				}
				catch (IOException | RuntimeException ex) {
					// closed meanwhile
				}
			}
		}

		// A session takes one write at a time: the answer to a client's message and a push may meet.
		private static void send(WebSocketSession session, TextMessage message) throws IOException {
			synchronized (session) {
				session.sendMessage(message);
			}
		}

		private static String[] channelsOf(WebSocketSession session) {
			String channels = (session.getUri() != null)
					? UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams().getFirst("channels") : null;
			return (channels != null) ? channels.split(",") : new String[0];
		}

	}

}
