package dev.realtime.boot.connection;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What a client sent when it opened its socket: routes called over the socket are built on it,
 * as if the browser had sent them on the same connection.
 *
 * @param uri the handshake's URI
 * @param headers the handshake's headers
 * @param principal the user authenticated by the container, if any
 * @param remoteAddress the client's address, if known
 * @param localAddress the server's address, if known
 * @param attributes the attributes the handshake interceptors recorded
 */
public record Handshake(@Nullable URI uri, HttpHeaders headers, @Nullable Principal principal,
		@Nullable InetSocketAddress remoteAddress, @Nullable InetSocketAddress localAddress,
		Map<String, Object> attributes) {
}
