package dev.realtime.boot.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.NullNode;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import dev.realtime.boot.action.InboundMessages;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.RealtimeConnection;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * The WebSocket handler of the realtime endpoint: binds each socket admitted by the
 * {@link RealtimeHandshakeInterceptor} to its digest, hands its messages to the actions, and
 * keeps its subscriptions for the resume window once it closes.
 */
public class RealtimeWebSocketHandler extends TextWebSocketHandler {

	private static final Log logger = LogFactory.getLog(RealtimeWebSocketHandler.class);

	private static final String CONNECTION_ATTRIBUTE = RealtimeWebSocketHandler.class.getName() + ".CONNECTION";

	private static final String PARTIAL_TEXT_ATTRIBUTE = RealtimeWebSocketHandler.class.getName() + ".PARTIAL_TEXT";

	// Tomcat keeps a message buffer of the size limit for every socket (a char buffer, two bytes
	// a character): at 64 KB that was most of an idle socket's memory. On Tomcat messages are
	// taken in parts of at most this size instead, and put together here only while one is
	// arriving. Tomcat allocates the buffers at its container's defaults when the socket opens and
	// resizes them to these limits when the next message starts: TomcatMessageBuffers sets the
	// defaults to this size too. Other containers (Jetty) allocate nothing by the limit but apply
	// it to the whole message even when it is delivered in parts, so there it is set above the
	// real maximum.
	static final int CONTAINER_BUFFER_SIZE = 2048;

	private static final CloseStatus TOO_BIG = CloseStatus.TOO_BIG_TO_PROCESS;

	// Tomcat bounds each blocking write by this session property; without it a stalled client
	// keeps a sender thread for Tomcat's default of 20 s.
	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final boolean STANDARD_WEBSOCKET_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			RealtimeWebSocketHandler.class.getClassLoader());

	private static final boolean JETTY_WEBSOCKET_PRESENT = ClassUtils.isPresent("org.eclipse.jetty.websocket.api.Session",
			RealtimeWebSocketHandler.class.getClassLoader());

	private final RealtimeRegistry registry;

	private final LiveConnections connections;

	private final LocalBroker broker;

	private final InboundMessages inbound;

	private final Duration resumeWindow;

	private final int maxMessageSize;

	private final Duration sendTimeLimit;

	/**
	 * Create a handler.
	 * @param registry the registry of digests
	 * @param connections the sockets open on this instance
	 * @param broker the broker that delivers pushes
	 * @param inbound the dispatcher of client messages
	 * @param resumeWindow how long a closed socket's digest may be resumed
	 * @param maxMessageSize the largest text frame accepted, in bytes
	 * @param sendTimeLimit the longest time one write may take
	 */
	public RealtimeWebSocketHandler(RealtimeRegistry registry, LiveConnections connections, LocalBroker broker,
			InboundMessages inbound, Duration resumeWindow, int maxMessageSize, Duration sendTimeLimit) {
		this.registry = registry;
		this.connections = connections;
		this.broker = broker;
		this.inbound = inbound;
		this.resumeWindow = resumeWindow;
		this.maxMessageSize = maxMessageSize;
		this.sendTimeLimit = sendTimeLimit;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		String connectionId = (String) session.getAttributes().get(RealtimeHandshakeInterceptor.CONNECTION_ID_ATTRIBUTE);
		String digest = (String) session.getAttributes().get(RealtimeHandshakeInterceptor.DIGEST_ATTRIBUTE);
		String sessionDigest = (String) session.getAttributes()
			.get(RealtimeHandshakeInterceptor.SESSION_DIGEST_ATTRIBUTE);
		if (connectionId == null || digest == null) {
			closeQuietly(session, CloseStatus.POLICY_VIOLATION.withReason("not admitted by the realtime handshake"));
			return;
		}
		WebSocketSession socket = session;
		if (STANDARD_WEBSOCKET_PRESENT && StandardSessions.isTomcat(session)) {
			session.setTextMessageSizeLimit(Math.min(this.maxMessageSize, CONTAINER_BUFFER_SIZE));
			session.setBinaryMessageSizeLimit(CONTAINER_BUFFER_SIZE);
			StandardSessions.boundBlockingSends(session, this.sendTimeLimit);
		}
		else {
			// The container counts the same UTF-8 bytes as the assembly below, over the whole
			// message: set above it, so that the assembly decides, with the same close as on Tomcat.
			int containerLimit = (int) Math.min(Integer.MAX_VALUE, 3L * this.maxMessageSize);
			session.setTextMessageSizeLimit(containerLimit);
			session.setBinaryMessageSizeLimit(containerLimit);
			if (JETTY_WEBSOCKET_PRESENT) {
				socket = JettySessions.closingSlowConsumers(session, this.sendTimeLimit);
			}
		}
		RealtimeConnection connection = this.connections.open(socket, connectionId, digest, sessionDigest);
		session.getAttributes().put(CONNECTION_ATTRIBUTE, connection);
		if (httpSessionEnded(session)) {
			// Ended between the handshake and here, by a logout in another tab: its sockets
			// were closed before this one was among them.
			connection.closeAndForget(LiveConnections.SESSION_ENDED);
			return;
		}
		this.broker.connected(connection);
	}

	// Whether the container session of the handshake has been invalidated since, or lost its
	// key. A Spring Session session is a copy of the handshake's request and cannot tell.
	private static boolean httpSessionEnded(WebSocketSession session) {
		Object httpSession = session.getAttributes().get(RealtimeHandshakeInterceptor.HTTP_SESSION_ATTRIBUTE);
		if (!(httpSession instanceof HttpSession containerSession)) {
			return false;
		}
		try {
			return SessionSocketKeys.get(containerSession) == null;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		RealtimeConnection connection = connection(session);
		if (connection == null) {
			return;
		}
		if (connection.isClosing()) {
			// Its answer could not be sent: a call that ran would look failed to its client, which
			// may try it again. The parts of a message over the size limit that follow its 1009
			// are dropped here too, never taken for a message of their own.
			session.getAttributes().remove(PARTIAL_TEXT_ATTRIBUTE);
			return;
		}
		connection.heard();
		String text = assemble(session, connection, message);
		if (text != null) {
			this.inbound.handle(connection, text);
		}
	}

	// Returns the whole message once its last part came, or null while parts are still coming
	// or when the message went over the size limit (the socket is then closed with 1009). The
	// limit is a size: it counts the message's UTF-8 bytes, as they came over the wire.
	private @Nullable String assemble(WebSocketSession session, RealtimeConnection connection, TextMessage part) {
		PartialText partial = (PartialText) session.getAttributes().get(PARTIAL_TEXT_ATTRIBUTE);
		String payload = part.getPayload();
		if (partial == null && part.isLast() && 3L * payload.length() <= this.maxMessageSize) {
			// Within the limit at three bytes a character, the most one takes: nothing to count.
			return payload;
		}
		long size = ((partial != null) ? partial.size : 0) + utf8Length(payload);
		if (size > this.maxMessageSize) {
			session.getAttributes().remove(PARTIAL_TEXT_ATTRIBUTE);
			connection.close(TOO_BIG.withReason("message over " + this.maxMessageSize + " bytes"));
			return null;
		}
		if (part.isLast()) {
			if (partial == null) {
				return payload;
			}
			session.getAttributes().remove(PARTIAL_TEXT_ATTRIBUTE);
			return partial.text.append(payload).toString();
		}
		if (partial == null) {
			partial = new PartialText(Math.min(this.maxMessageSize, 4 * CONTAINER_BUFFER_SIZE));
			session.getAttributes().put(PARTIAL_TEXT_ATTRIBUTE, partial);
		}
		partial.text.append(payload);
		partial.size = size;
		return null;
	}

	// A surrogate counts two bytes, so a pair counts four even when split between two parts.
	static long utf8Length(CharSequence text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			bytes += (c < 0x80) ? 1 : (c < 0x800 || Character.isSurrogate(c)) ? 2 : 3;
		}
		return bytes;
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		RealtimeConnection connection = connection(session);
		if (connection != null) {
			connection.heard();
			if (message.isLast()) {
				this.inbound.sendError(connection, NullNode.getInstance(), 415,
						"binary frames are not supported: send JSON in text frames");
			}
		}
	}

	@Override
	protected void handlePongMessage(WebSocketSession session, PongMessage message) {
		RealtimeConnection connection = connection(session);
		if (connection != null) {
			connection.heard();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		if (logger.isDebugEnabled()) {
			logger.debug("Transport error on realtime socket " + session.getId(), exception);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		RealtimeConnection connection = connection(session);
		if (connection == null) {
			return;
		}
		connection.closed();
		this.connections.remove(connection);
		try {
			Set<String> channels = this.broker.disconnected(connection);
			if (connection.isForgotten()) {
				this.registry.forget(connection.digest());
			}
			else {
				this.registry.release(connection.digest(), this.resumeWindow, channels);
			}
		}
		finally {
			this.connections.released(connection);
		}
	}

	private static @Nullable RealtimeConnection connection(WebSocketSession session) {
		return (RealtimeConnection) session.getAttributes().get(CONNECTION_ATTRIBUTE);
	}

	// Loaded only when the Jakarta WebSocket API is present.
	private static final class StandardSessions {

		private static final @Nullable Class<?> TOMCAT_SESSION = resolve("org.apache.tomcat.websocket.WsSession");

		static boolean isTomcat(WebSocketSession session) {
			return TOMCAT_SESSION != null && TOMCAT_SESSION.isInstance(standardSession(session));
		}

		static void boundBlockingSends(WebSocketSession session, Duration timeLimit) {
			jakarta.websocket.Session standard = standardSession(session);
			if (standard != null) {
				standard.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, timeLimit.toMillis());
			}
		}

		private static jakarta.websocket.@Nullable Session standardSession(WebSocketSession session) {
			return (session instanceof NativeWebSocketSession nativeSession)
					? nativeSession.getNativeSession(jakarta.websocket.Session.class) : null;
		}

		private static @Nullable Class<?> resolve(String className) {
			ClassLoader classLoader = RealtimeWebSocketHandler.class.getClassLoader();
			return ClassUtils.isPresent(className, classLoader) ? ClassUtils.resolveClassName(className, classLoader)
					: null;
		}

	}

	// Loaded only when Jetty's WebSocket API is present: with it, Spring's DefaultHandshakeHandler
	// upgrades through Jetty's own API (JettyRequestUpgradeStrategy), as it does on Boot's Jetty.
	private static final class JettySessions {

		static WebSocketSession closingSlowConsumers(WebSocketSession session, Duration timeLimit) {
			if (session instanceof NativeWebSocketSession nativeSession) {
				Session jetty = nativeSession.getNativeSession(Session.class);
				if (jetty != null) {
					return new SlowConsumerClosingSession(session, jetty, timeLimit);
				}
			}
			return session;
		}

		// Jetty has no time limit for a blocking write: a write to a client that stopped reading
		// waits for the idle timeout (30 s by default), and so does the close frame queued behind
		// it. Closing a slow consumer therefore also lowers the socket's idle timeout: a client
		// that still reads gets its close frame, a stalled one is dropped, which ends the blocked
		// write. Not to the send time limit alone: closed by the buffer limit, a client may have
		// stalled only a moment ago, and would keep its socket and a sender thread for up to the
		// time limit (Tomcat gives the close frame of such a close 50 ms).
		private static final class SlowConsumerClosingSession extends WebSocketSessionDecorator {

			// Time for a client that still reads to take its close frame and answer it.
			private static final Duration CLOSE_FRAME_GRACE = Duration.ofSeconds(1);

			private final Session jetty;

			private final Duration closingIdleTimeout;

			SlowConsumerClosingSession(WebSocketSession delegate, Session jetty, Duration timeLimit) {
				super(delegate);
				this.jetty = jetty;
				this.closingIdleTimeout = (timeLimit.compareTo(CLOSE_FRAME_GRACE) < 0) ? timeLimit : CLOSE_FRAME_GRACE;
			}

			@Override
			public void close(CloseStatus status) throws IOException {
				if (status.getCode() == CloseStatus.SERVICE_OVERLOAD.getCode()) {
					try {
						this.jetty.setIdleTimeout(this.closingIdleTimeout);
					}
					catch (RuntimeException ex) {
						logger.debug("Failed to lower the idle timeout of realtime socket " + getId(), ex);
					}
				}
				super.close(status);
			}

		}

	}

	private static void closeQuietly(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (Exception ex) {
			logger.debug("Failed to close realtime socket " + session.getId(), ex);
		}
	}

	// The parts of a message that came so far, and their size in UTF-8 bytes.
	private static final class PartialText {

		private final StringBuilder text;

		private long size;

		PartialText(int capacity) {
			this.text = new StringBuilder(capacity);
		}

	}

}
