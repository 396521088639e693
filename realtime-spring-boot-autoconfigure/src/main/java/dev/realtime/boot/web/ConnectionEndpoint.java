package dev.realtime.boot.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.identity.SocketSecrets;

/**
 * The connection id endpoint. For non-browser clients, {@code POST} answers
 * {@code {"connection_id":"...","socket_key":"..."}}: the client keeps the key and sends it
 * with the id when it connects. For a page whose id is dead (its socket stayed away longer
 * than the resume window), {@code GET} answers {@code {"connection_id":"..."}}, a fresh id for
 * the HTTP session's socket key; it creates no session, and a request without one gets 403.
 * Both answer 503, with {@code Retry-After}, when the registry cannot record the id (Redis
 * away), since its socket would be refused.
 */
public final class ConnectionEndpoint {

	// Long enough for Redis to come back from a restart, short enough for a client to retry soon.
	private static final int RETRY_AFTER_SECONDS = 5;

	private final ConnectionIssuer issuer;

	/**
	 * Create the endpoint.
	 * @param issuer the issuer of connection ids
	 */
	public ConnectionEndpoint(ConnectionIssuer issuer) {
		this.issuer = issuer;
	}

	/**
	 * Return the route of this endpoint.
	 * @param path the endpoint's path
	 * @return the route
	 */
	public RouterFunction<ServerResponse> route(String path) {
		return RouterFunctions.route()
			.POST(path, this::issue)
			.GET(path, this::renew)
			.build()
			.and(MethodNotAllowed.otherMethods(path, HttpMethod.GET, HttpMethod.POST));
	}

	private ServerResponse renew(ServerRequest request) {
		String socketKey = SessionSocketKeys.get(request.servletRequest().getSession(false));
		if (socketKey == null) {
			return ServerResponse.status(HttpStatus.FORBIDDEN)
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.body(Map.of("error", "no HTTP session with a socket key: render a page first"));
		}
		SocketIdentity identity = this.issuer.tryIssue(socketKey);
		if (identity == null) {
			return unavailable();
		}
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.body(Map.of("connection_id", identity.connectionId()));
	}

	private ServerResponse issue(ServerRequest request) {
		String socketKey = SocketSecrets.newSecret();
		SocketIdentity identity = this.issuer.tryIssue(socketKey);
		if (identity == null) {
			return unavailable();
		}
		Map<String, String> body = new LinkedHashMap<>();
		body.put("connection_id", identity.connectionId());
		body.put("socket_key", socketKey);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.body(body);
	}

	// The registry could not record the id (Redis away): its socket would be refused, so the
	// client is told to come back rather than given it.
	private ServerResponse unavailable() {
		return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
			.body(Map.of("error", "connection ids cannot be recorded right now: retry later"));
	}

}
