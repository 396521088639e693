package dev.realtime.boot.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.WebSocketSession;

import dev.realtime.boot.action.InboundMessages;
import dev.realtime.boot.autoconfigure.RealtimeProperties;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * The starter's WebSocket handler, built as the auto-configuration builds it, that also keeps
 * the container's session of every socket it opened, by connection id: for tests of what the
 * handler sets on the container.
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
