package dev.realtime.boot.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketSession;

import dev.realtime.boot.action.InboundMessages;
import dev.realtime.boot.autoconfigure.RealtimeProperties;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * The starter's WebSocket handler, built as the auto-configuration builds it, that also keeps
 * the container's session of every socket it opened, by connection id, and when each socket
 * answered a ping: for tests of what the handler sets on the container and of the pings.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SessionRecordingHandlerConfiguration {

	@Bean
	RecordingHandler realtimeWebSocketHandler(RealtimeRegistry registry, LiveConnections connections, LocalBroker broker,
			InboundMessages inbound, RealtimeProperties properties) {
		return new RecordingHandler(registry, connections, broker, inbound, properties);
	}

	public static class RecordingHandler extends RealtimeWebSocketHandler {

		private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

		private final Map<String, List<Long>> pongs = new ConcurrentHashMap<>();

		RecordingHandler(RealtimeRegistry registry, LiveConnections connections, LocalBroker broker,
				InboundMessages inbound, RealtimeProperties properties) {
			super(registry, connections, broker, inbound, properties.getResumeWindow(),
					Math.toIntExact(properties.getMaxMessageSize().toBytes()), properties.getSend().getTimeLimit());
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			super.afterConnectionEstablished(session);
			this.sessions.put((String) session.getAttributes().get(RealtimeHandshakeInterceptor.CONNECTION_ID_ATTRIBUTE),
					session);
		}

		@Override
		protected void handlePongMessage(WebSocketSession session, PongMessage message) {
			long now = System.nanoTime();
			super.handlePongMessage(session, message);
			this.pongs
				.computeIfAbsent((String) session.getAttributes().get(RealtimeHandshakeInterceptor.CONNECTION_ID_ATTRIBUTE),
						(id) -> new CopyOnWriteArrayList<>())
				.add(now);
		}

		/**
		 * When the socket opened with the given connection id answered pings.
		 * @param connectionId the connection id
		 * @return the {@link System#nanoTime()} of each pong, in order
		 */
		public List<Long> pongs(String connectionId) {
			return this.pongs.getOrDefault(connectionId, List.of());
		}

		/**
		 * The container's session of the socket opened with the given connection id.
		 * @param connectionId the connection id
		 * @return the session
		 */
		public WebSocketSession session(String connectionId) {
			return this.sessions.get(connectionId);
		}

	}

}
