package dev.realtime.boot.handshake;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.RealtimeObserver.HandshakeOutcome;

/**
 * Spring's {@link OriginHandshakeInterceptor} (403 for a foreign {@code Origin}), telling the
 * {@link RealtimeObserver} of its refusals.
 */
public class RealtimeOriginHandshakeInterceptor extends OriginHandshakeInterceptor {

	// The category of every other handshake refusal, so that one logging level shows them all.
	private static final Log handshakeLogger = LogFactory.getLog(RealtimeHandshakeInterceptor.class);

	private final RealtimeObserver observer;

	/**
	 * Create an interceptor that allows same-origin requests and the origins set with
	 * {@link #setAllowedOriginPatterns}.
	 * @param observer told of every refusal
	 */
	public RealtimeOriginHandshakeInterceptor(RealtimeObserver observer) {
		this.observer = observer;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		boolean allowed = super.beforeHandshake(request, response, wsHandler, attributes);
		if (!allowed) {
			this.observer.handshake(HandshakeOutcome.ORIGIN);
			if (handshakeLogger.isDebugEnabled()) {
				handshakeLogger.debug("Refused realtime handshake from " + request.getRemoteAddress()
						+ " with 403: origin not allowed");
			}
		}
		return allowed;
	}

}
