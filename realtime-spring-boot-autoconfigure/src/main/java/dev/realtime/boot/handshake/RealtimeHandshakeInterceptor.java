package dev.realtime.boot.handshake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.RealtimeObserver.HandshakeOutcome;
import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.registry.RealtimeRegistry;
import dev.realtime.boot.registry.RealtimeRegistry.Claim;

/**
 * Admits a socket only for a connection id that was issued for its key and is not held by
 * another live socket. The key comes from the HTTP session (browsers) or from the
 * {@code socket_key} query parameter or {@code X-Socket-Key} header (other clients). Refusals
 * are answered before the upgrade: 400 for a missing or malformed id or key (an id or key
 * given more than once with different values is malformed: no order of precedence decides
 * it), 503 when the registry cannot be reached, 403 otherwise.
 */
public class RealtimeHandshakeInterceptor implements HandshakeInterceptor {

	/** Query parameter that carries the connection id. */
	public static final String CONNECTION_ID_PARAMETER = "socket_connection_id";

	/** Query parameter that carries the socket key of a non-browser client. */
	public static final String SOCKET_KEY_PARAMETER = "socket_key";

	/** Header that carries the socket key of a non-browser client. */
	public static final String SOCKET_KEY_HEADER = "X-Socket-Key";

	/** Handshake attribute holding the connection id. */
	public static final String CONNECTION_ID_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName() + ".CONNECTION_ID";

	/** Handshake attribute holding the socket digest. */
	public static final String DIGEST_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName() + ".DIGEST";

	/**
	 * Handshake attribute holding the digest that names the HTTP session's sockets, for
	 * browser clients (see {@link SessionSocketKeys#sessionDigest(HttpSession)}).
	 */
	public static final String SESSION_DIGEST_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName()
			+ ".SESSION_DIGEST";

	/**
	 * Handshake attribute holding the {@link HttpSession} itself, for browser clients: routes
	 * called over the socket run with it.
	 */
	public static final String HTTP_SESSION_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName() + ".HTTP_SESSION";

	/**
	 * Handshake attribute holding the id that the {@link HttpSession} had at the handshake, for
	 * browser clients: once a login has changed it, routes called over the socket no longer
	 * run with that session.
	 */
	public static final String HTTP_SESSION_ID_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName()
			+ ".HTTP_SESSION_ID";

	/**
	 * Attribute of the upgrade's servlet request once this interceptor accepted it and the
	 * handshake ended without an exception or an error status, for what must tidy up after the
	 * request (a 101 status says the upgrade went through).
	 */
	public static final String UPGRADED_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName() + ".UPGRADED";

	private static final String CLAIMED_DIGEST_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName()
			+ ".CLAIMED_DIGEST";

	private static final String CLAIM_OUTCOME_ATTRIBUTE = RealtimeHandshakeInterceptor.class.getName()
			+ ".CLAIM_OUTCOME";

	private static final Log logger = LogFactory.getLog(RealtimeHandshakeInterceptor.class);

	private final RealtimeRegistry registry;

	private final Duration resumeWindow;

	private final RealtimeObserver observer;

	/**
	 * Create an interceptor.
	 * @param registry the registry that knows issued and live ids
	 * @param resumeWindow how long a digest claimed by a failed upgrade stays resumable
	 */
	public RealtimeHandshakeInterceptor(RealtimeRegistry registry, Duration resumeWindow) {
		this(registry, resumeWindow, RealtimeObserver.NONE);
	}

	/**
	 * Create an interceptor.
	 * @param registry the registry that knows issued and live ids
	 * @param resumeWindow how long a digest claimed by a failed upgrade stays resumable
	 * @param observer told of every accepted and refused handshake
	 */
	public RealtimeHandshakeInterceptor(RealtimeRegistry registry, Duration resumeWindow, RealtimeObserver observer) {
		this.registry = registry;
		this.resumeWindow = resumeWindow;
		this.observer = observer;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws IOException {
		if (!(request instanceof ServletServerHttpRequest servletRequest)) {
			return refuse(request, response, HandshakeOutcome.INVALID_REQUEST, HttpStatus.BAD_REQUEST,
					"not a servlet request");
		}
		HttpServletRequest httpRequest = servletRequest.getServletRequest();
		MultiValueMap<String, String> query = queryParameters(httpRequest);
		List<String> connectionIds = values(query, CONNECTION_ID_PARAMETER);
		if (connectionIds.isEmpty() || connectionIds.get(0).isEmpty()) {
			return refuse(request, response, HandshakeOutcome.MISSING_ID, HttpStatus.BAD_REQUEST,
					"missing " + CONNECTION_ID_PARAMETER);
		}
		String connectionId = single(connectionIds);
		if (connectionId == null) {
			return refuse(request, response, HandshakeOutcome.MALFORMED_ID, HttpStatus.BAD_REQUEST,
					"malformed " + CONNECTION_ID_PARAMETER + ": given more than once with different values");
		}
		if (!SocketSecrets.isWellFormed(connectionId)) {
			return refuse(request, response, HandshakeOutcome.MALFORMED_ID, HttpStatus.BAD_REQUEST,
					"malformed " + CONNECTION_ID_PARAMETER + ": expected 64 lowercase hex characters");
		}
		List<String> clientKeys = clientKeys(httpRequest, query);
		String clientKey = clientKeys.isEmpty() ? null : single(clientKeys);
		if (!clientKeys.isEmpty() && clientKey == null) {
			return refuse(request, response, HandshakeOutcome.MALFORMED_KEY, HttpStatus.BAD_REQUEST,
					"malformed socket key: given more than once with different values");
		}
		HttpSession session = httpRequest.getSession(false);
		String key;
		if (clientKey != null) {
			if (!SocketSecrets.isWellFormed(clientKey)) {
				return refuse(request, response, HandshakeOutcome.MALFORMED_KEY, HttpStatus.BAD_REQUEST,
						"malformed socket key: expected 64 lowercase hex characters");
			}
			key = clientKey;
		}
		else {
			key = SessionSocketKeys.get(session);
			if (key == null) {
				return refuse(request, response, HandshakeOutcome.NO_KEY, HttpStatus.FORBIDDEN,
						"no socket key: no HTTP session with a key, and no " + SOCKET_KEY_PARAMETER + " or "
								+ SOCKET_KEY_HEADER);
			}
		}
		String digest = SocketSecrets.digest(key, connectionId);
		Claim claim = this.registry.claim(digest);
		if (claim == Claim.UNAVAILABLE) {
			return refuse(request, response, HandshakeOutcome.REGISTRY_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE,
					"connection registry unavailable, try again later");
		}
		if (claim == Claim.ALREADY_LIVE) {
			return refuse(request, response, HandshakeOutcome.HELD, HttpStatus.FORBIDDEN,
					"connection id is held by a live socket");
		}
		if (!claim.accepted()) {
			return refuse(request, response, HandshakeOutcome.UNKNOWN_ID, HttpStatus.FORBIDDEN,
					"connection id was not issued for this key, or has expired");
		}
		// For afterHandshake, should the upgrade fail: by then a logout may have taken the key
		// from the session, and the claim must be released all the same.
		httpRequest.setAttribute(CLAIMED_DIGEST_ATTRIBUTE, digest);
		// Counted once the upgrade is through: the container or Spring may still refuse it.
		httpRequest.setAttribute(CLAIM_OUTCOME_ATTRIBUTE,
				(claim == Claim.RESUMED) ? HandshakeOutcome.RESUMED : HandshakeOutcome.ACCEPTED);
		attributes.put(CONNECTION_ID_ATTRIBUTE, connectionId);
		attributes.put(DIGEST_ATTRIBUTE, digest);
		if (clientKey == null && session != null) {
			attributes.put(SESSION_DIGEST_ATTRIBUTE, SessionSocketKeys.sessionDigest(key));
			attributes.put(HTTP_SESSION_ATTRIBUTE, session);
			attributes.put(HTTP_SESSION_ID_ATTRIBUTE, session.getId());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Accepted realtime handshake from " + request.getRemoteAddress() + " ("
					+ ((claim == Claim.RESUMED) ? "resumed" : "new") + ")");
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)) {
			return;
		}
		HttpServletRequest httpRequest = servletRequest.getServletRequest();
		// Removed either way: a container may keep the upgrade request for the socket's life.
		String claimed = (String) httpRequest.getAttribute(CLAIMED_DIGEST_ATTRIBUTE);
		HandshakeOutcome outcome = (HandshakeOutcome) httpRequest.getAttribute(CLAIM_OUTCOME_ATTRIBUTE);
		httpRequest.removeAttribute(CLAIMED_DIGEST_ATTRIBUTE);
		httpRequest.removeAttribute(CLAIM_OUTCOME_ATTRIBUTE);
		// Spring's handshake handler refuses a malformed upgrade (a WebSocket version it does
		// not speak, say) with an error status and no exception.
		int status = (response instanceof ServletServerHttpResponse servletResponse)
				? servletResponse.getServletResponse().getStatus() : 0;
		if (exception == null && status < 400) {
			httpRequest.setAttribute(UPGRADED_ATTRIBUTE, Boolean.TRUE);
			if (outcome != null) {
				this.observer.handshake(outcome);
			}
			return;
		}
		// The digest was claimed but no socket holds it: let the client try again.
		if (claimed != null) {
			this.observer.handshake(HandshakeOutcome.UPGRADE_FAILED);
			if (logger.isDebugEnabled()) {
				logger.debug("Realtime handshake failed after its id was claimed (status " + status + ")", exception);
			}
			this.registry.release(claimed, this.resumeWindow);
		}
	}

	// Every key the client sent, as header or query parameter: several that disagree make the
	// request ambiguous, which is refused rather than settled by an order of precedence.
	private static List<String> clientKeys(HttpServletRequest request, MultiValueMap<String, String> query) {
		List<String> keys = new ArrayList<>(2);
		Enumeration<String> headers = request.getHeaders(SOCKET_KEY_HEADER);
		while (headers != null && headers.hasMoreElements()) {
			keys.add(headers.nextElement());
		}
		keys.addAll(values(query, SOCKET_KEY_PARAMETER));
		return keys;
	}

	// The value that every one of the values is, or null when they differ.
	private static @Nullable String single(List<String> values) {
		if (values.isEmpty()) {
			return null;
		}
		String first = values.get(0);
		for (int i = 1; i < values.size(); i++) {
			if (!first.equals(values.get(i))) {
				return null;
			}
		}
		return first;
	}

	// Read from the query string rather than with getParameter: a container may keep the
	// parameters it parsed from the upgrade request for as long as the socket is open (Jetty
	// does), memory that every idle socket would carry. Parsed once per handshake and dropped.
	private static MultiValueMap<String, String> queryParameters(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null) {
			return new LinkedMultiValueMap<>(0);
		}
		return UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
	}

	// Every value of a query parameter, decoded; a value without one is empty.
	private static List<String> values(MultiValueMap<String, String> query, String name) {
		List<String> raw = query.get(name);
		if (raw == null) {
			return List.of();
		}
		List<String> values = new ArrayList<>(raw.size());
		for (String value : raw) {
			values.add((value != null) ? decode(value) : "");
		}
		return values;
	}

	private static String decode(String value) {
		try {
			return UriUtils.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Malformed escapes: the raw value, which then fails the format check.
			return value;
		}
	}

	private boolean refuse(ServerHttpRequest request, ServerHttpResponse response, HandshakeOutcome outcome,
			HttpStatus status, String reason) throws IOException {
		this.observer.handshake(outcome);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused realtime handshake from " + request.getRemoteAddress() + " with " + status.value()
					+ ": " + reason);
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		response.getBody().write(("Realtime handshake refused: " + reason + "\n").getBytes(StandardCharsets.UTF_8));
		return false;
	}

}
