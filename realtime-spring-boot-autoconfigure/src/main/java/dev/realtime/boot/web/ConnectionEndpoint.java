package dev.realtime.boot.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.realtime.boot.identity.SocketSecrets;

/**
 * The connection id endpoint for non-browser clients: {@code POST} answers
 * {@code {"connection_id":"...","socket_key":"..."}}. The client keeps the key and sends it
 * with the id when it connects.
 */
public final class ConnectionEndpoint {

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
		return RouterFunctions.route().POST(path, this::issue).build();
	}

	private ServerResponse issue(ServerRequest request) {
		String socketKey = SocketSecrets.newSecret();
		SocketIdentity identity = this.issuer.issue(socketKey);
		Map<String, String> body = new LinkedHashMap<>();
		body.put("connection_id", identity.connectionId());
		body.put("socket_key", socketKey);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.body(body);
	}

}
