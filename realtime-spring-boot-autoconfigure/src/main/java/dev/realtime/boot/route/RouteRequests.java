package dev.realtime.boot.route;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.UrlPathHelper;

import dev.realtime.boot.action.RealtimeActionException;
import dev.realtime.boot.connection.Handshake;
import dev.realtime.boot.connection.RealtimeConnection;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.web.RequestRealtimeSocket;
import dev.realtime.boot.web.SocketIdentity;

/**
 * Builds the servlet request of a route called over the socket: the message's method, URI,
 * input, headers and body, on top of what the socket's handshake carried (its headers,
 * cookies, addresses, principal and HTTP session), so that the application sees the request
 * the browser would have sent.
 */
final class RouteRequests {

	/** Input entry that Pakyow's client sends with the id of the socket it acts for. */
	static final String CONNECTION_ID_INPUT = "socket_connection_id";

	// Headers of the upgrade itself, which an ordinary request does not carry; and the
	// Accept-Encoding a browser sends with every handshake (gzip, br...), which does not hold
	// for a reply: its body is text in a frame, and compressed bytes read as text are garbage.
	private static final Set<String> HANDSHAKE_ONLY_HEADERS = Set.of("upgrade", "connection", "sec-websocket-key",
			"sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "content-length",
			"content-type", "transfer-encoding", "cookie", "accept-encoding");

	// Headers that would make the call another client's, or another request's framing.
	private static final Set<String> FIXED_HEADERS = Set.of("cookie", "host", "content-length", "transfer-encoding",
			"connection", "upgrade");

	// Methods whose input goes in the query string, as a browser sends a GET form.
	private static final Set<String> QUERY_INPUT_METHODS = Set.of("GET", "HEAD", "DELETE", "OPTIONS");

	// The socket attribute that keeps what requests take from the handshake.
	private static final String HANDSHAKE_REQUEST_ATTRIBUTE = RouteRequests.class.getName() + ".handshakeRequest";

	private RouteRequests() {
	}

	static RouteRequest build(RouteCall call, RealtimeConnection connection, ServletContext servletContext) {
		RouteRequest request = new RouteRequest(servletContext);
		request.setDispatcherType(DispatcherType.REQUEST);
		request.setMethod(call.method());
		applyHandshake(request, connection.handshake());
		applyUri(request, call, servletContext.getContextPath());
		applyHeaders(request, call.headers());
		applyInputAndBody(request, call, flatten(call.input()));
		refuseOtherConnections(request, connection);
		request.setAttribute(RequestRealtimeSocket.IDENTITY_ATTRIBUTE,
				new SocketIdentity(connection.connectionId(), connection.digest()));
		return request;
	}

	private static void applyHandshake(RouteRequest request, Handshake handshake) {
		HandshakeRequest handshakeRequest = handshakeRequest(handshake);
		handshakeRequest.applyTo(request);
		if (handshake.principal() != null) {
			request.setUserPrincipal(handshake.principal());
		}
		if (handshake.attributes().get(RealtimeHandshakeInterceptor.HTTP_SESSION_ATTRIBUTE) instanceof HttpSession session
				&& sameId(session, handshake.attributes().get(RealtimeHandshakeInterceptor.HTTP_SESSION_ID_ATTRIBUTE))) {
			request.setSession(session);
			request.setRequestedSessionId(session.getId());
			request.setRequestedSessionIdFromCookie(true);
			request.setRequestedSessionIdValid(true);
		}
	}

	// A container's session keeps its object when its id changes (Spring Security's session
	// fixation protection, at every login over HTTP): a socket opened with the id from before
	// the login, which an attacker may have planted and opened a socket with himself, must not
	// call routes with the logged-in session, as a request with that id no longer can. Such a
	// call has no session, as with Spring Session, where that id finds none. An ended session
	// is kept: RouteRequest tells it from a live one.
	private static boolean sameId(HttpSession session, @Nullable Object handshakeId) {
		return RouteRequest.hasEnded(session) || session.getId().equals(handshakeId);
	}

	// Every call on a socket carries the same handshake headers, cookies and addresses: they
	// are filtered, parsed and formatted once, and kept with the socket's attributes (a
	// concurrent map, for calls run on several threads at once).
	private static HandshakeRequest handshakeRequest(Handshake handshake) {
		Map<String, Object> attributes = handshake.attributes();
		if (attributes instanceof ConcurrentMap<String, Object> concurrent) {
			Object cached = concurrent.get(HANDSHAKE_REQUEST_ATTRIBUTE);
			if (cached instanceof HandshakeRequest handshakeRequest) {
				return handshakeRequest;
			}
			HandshakeRequest handshakeRequest = HandshakeRequest.of(handshake);
			concurrent.putIfAbsent(HANDSHAKE_REQUEST_ATTRIBUTE, handshakeRequest);
			return handshakeRequest;
		}
		return HandshakeRequest.of(handshake);
	}

	private static List<Cookie> cookies(HttpHeaders headers) {
		List<Cookie> cookies = new ArrayList<>();
		for (String header : headers.getOrEmpty(HttpHeaders.COOKIE)) {
			for (String pair : header.split(";")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					try {
						cookies.add(new Cookie(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim()));
					}
					catch (IllegalArgumentException ex) {
						// A name the servlet API refuses; the container would have skipped it too.
					}
				}
			}
		}
		return cookies;
	}

	// The message's "uri" is a path and query, as in an HTTP request line: split by hand, as a
	// container does, rather than by a general URI parser, which took a tenth of each call. The
	// servlet path is decoded without path parameters (";jsessionid=..."), as a container maps
	// it: filters mapped to a path must apply to that path with parameters too.
	private static void applyUri(RouteRequest request, RouteCall call, String contextPath) {
		String uri = call.uri();
		int fragment = uri.indexOf('#');
		String pathAndQuery = (fragment != -1) ? uri.substring(0, fragment) : uri;
		int question = pathAndQuery.indexOf('?');
		String path = (question != -1) ? pathAndQuery.substring(0, question) : pathAndQuery;
		String query = (question != -1) ? pathAndQuery.substring(question + 1) : "";
		// Whole segments: "/appx/..." is not under "/app", which Spring MVC refuses to map with
		// an IllegalArgumentException (a 500).
		if (!path.startsWith(contextPath)
				|| (path.length() > contextPath.length() && path.charAt(contextPath.length()) != '/')) {
			throw new RealtimeActionException(404, "call-route \"uri\" is outside the application's context path '"
					+ contextPath + "'");
		}
		request.setRequestURI(path);
		request.setContextPath(contextPath);
		try {
			String withoutParameters = UrlPathHelper.defaultInstance
				.removeSemicolonContent(path.substring(contextPath.length()));
			String servletPath = UriUtils.decode(withoutParameters, StandardCharsets.UTF_8);
			if (!isNormalized(servletPath) || containsEncodedSeparator(withoutParameters)) {
				throw new RealtimeActionException(400, "call-route \"uri\" must be a normalized path: no \".\" or"
						+ " \"..\" segments, empty segments or encoded slashes");
			}
			request.setServletPath(servletPath);
			if (!query.isEmpty()) {
				request.setQueryString(query);
				addFormParameters(request, query, StandardCharsets.UTF_8);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new RealtimeActionException(400, "call-route \"uri\" is not a valid URI: " + ex.getMessage());
		}
	}

	// A container resolves or refuses these before it maps filters, and a browser resolves
	// them before it sends a request: a call that has them is refused, so that filters are
	// never mapped by another path than the one the route is found by.
	private static boolean isNormalized(String path) {
		return !path.contains("//") && !path.contains("\\") && !path.endsWith("/.") && !path.endsWith("/..")
				&& !path.contains("/./") && !path.contains("/../");
	}

	// %2F or %5C, in either case.
	private static boolean containsEncodedSeparator(String path) {
		for (int i = path.indexOf('%'); i != -1 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
			char first = path.charAt(i + 1);
			char second = Character.toLowerCase(path.charAt(i + 2));
			if ((first == '2' && second == 'f') || (first == '5' && second == 'c')) {
				return true;
			}
		}
		return false;
	}

	// As a container reads a query or a form body: name=value pairs split at '&', a name
	// without '=' has an empty value, a pair without a name is skipped, '+' is a space.
	private static void addFormParameters(RouteRequest request, String query, Charset charset) {
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end == -1) {
				end = query.length();
			}
			int equals = query.indexOf('=', start);
			if (equals == -1 || equals > end) {
				equals = end;
			}
			if (equals > start) {
				String value = (equals < end) ? query.substring(equals + 1, end) : "";
				request.addParameter(decode(query.substring(start, equals), charset), decode(value, charset));
			}
			start = end + 1;
		}
	}

	private static void applyHeaders(RouteRequest request, Map<String, String> headers) {
		headers.forEach((name, value) -> {
			if (isFixed(name.toLowerCase(Locale.ROOT))) {
				throw new RealtimeActionException(400,
						"call-route header \"" + name + "\" cannot be set: the socket's handshake decides it");
			}
			request.removeHeader(name);
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				request.setContentType(value);
			}
			request.addHeader(name, value);
		});
	}

	// Forwarded and X-Forwarded-* as well: with server.forward-headers-strategy=framework,
	// Spring's ForwardedHeaderFilter reads the host, scheme, port, prefix and client address
	// from them. Over HTTP the proxy in front sets them; inside a frame no proxy can, and the
	// handshake's own, which it did set, are already on the request.
	private static boolean isFixed(String lowerCaseName) {
		return FIXED_HEADERS.contains(lowerCaseName) || lowerCaseName.equals("forwarded")
				|| lowerCaseName.startsWith("x-forwarded-");
	}

	private static void refuseOtherConnections(RouteRequest request, RealtimeConnection connection) {
		String[] claimed = request.getParameterValues(CONNECTION_ID_INPUT);
		for (String id : (claimed != null) ? claimed : new String[0]) {
			if (!id.equals(connection.connectionId())) {
				throw new RealtimeActionException(403,
						CONNECTION_ID_INPUT + " is not this socket's: a socket calls routes only for itself");
			}
		}
	}

	private static void applyInputAndBody(RouteRequest request, RouteCall call, MultiValueMap<String, String> input) {
		String body = call.body();
		boolean formBody = body == null && !input.isEmpty() && "POST".equals(call.method());
		input.forEach((name, values) -> values.forEach((value) -> request.addParameter(name, value)));
		if (formBody) {
			request.setContentType(MediaType.APPLICATION_FORM_URLENCODED_VALUE + ";charset=UTF-8");
			request.setCharacterEncoding("UTF-8");
			request.setContent(formEncode(input).getBytes(StandardCharsets.UTF_8));
		}
		else if (QUERY_INPUT_METHODS.contains(call.method()) && !input.isEmpty()) {
			String query = formEncode(input);
			request.setQueryString((request.getQueryString() != null) ? request.getQueryString() + "&" + query : query);
		}
		MediaType contentType = mediaType(request.getContentType());
		if (contentType != null && "multipart".equalsIgnoreCase(contentType.getType())) {
			// The in-memory request has no parts, so every part would arrive missing: a route
			// would answer as though the client had sent nothing.
			throw new RealtimeActionException(415, "call-route cannot carry a multipart body (\"Content-Type\": "
					+ request.getContentType() + "): send it over HTTP");
		}
		if (body != null) {
			if (request.getContentType() == null) {
				request.setContentType(MediaType.APPLICATION_JSON_VALUE);
			}
			if (request.getCharacterEncoding() == null) {
				request.setCharacterEncoding("UTF-8");
			}
			Charset charset = charsetOf(request);
			request.setContent(body.getBytes(charset));
			// A container reads the parameters of a form posted in the body (the in-memory
			// request does not): after the query's, as there.
			if ("POST".equals(call.method()) && contentType != null
					&& MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(contentType)) {
				try {
					addFormParameters(request, body, charset);
				}
				catch (IllegalArgumentException ex) {
					throw new RealtimeActionException(400, "call-route \"body\" is not a valid form: "
							+ ex.getMessage());
				}
			}
		}
	}

	// A content type the call's headers name but that does not parse is sent on as it is, as
	// the application would see it over HTTP.
	private static @Nullable MediaType mediaType(@Nullable String contentType) {
		try {
			return (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	// The body goes in the charset its content type names, which the application reads it in.
	private static Charset charsetOf(RouteRequest request) {
		String encoding = request.getCharacterEncoding();
		try {
			return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			throw new RealtimeActionException(400, "call-route \"Content-Type\" names a charset this server"
					+ " does not have: " + encoding);
		}
	}

	// Nested objects become dotted names (Spring's data binding), arrays repeated values.
	static MultiValueMap<String, String> flatten(ObjectNode input) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		input.properties().forEach((entry) -> flatten(entry.getKey(), entry.getValue(), parameters));
		return parameters;
	}

	private static void flatten(String name, JsonNode value, MultiValueMap<String, String> parameters) {
		if (value instanceof ObjectNode object) {
			object.properties().forEach((entry) -> flatten(name + "." + entry.getKey(), entry.getValue(), parameters));
		}
		else if (value.isArray()) {
			value.forEach((element) -> parameters.add(name, element.isValueNode() ? element.asString() : element.toString()));
		}
		else if (!value.isNull()) {
			parameters.add(name, value.asString());
		}
	}

	private static String formEncode(MultiValueMap<String, String> parameters) {
		StringBuilder form = new StringBuilder();
		parameters.forEach((name, values) -> values.forEach((value) -> {
			if (!form.isEmpty()) {
				form.append('&');
			}
			form.append(UriUtils.encode(name, StandardCharsets.UTF_8)).append('=')
				.append(UriUtils.encode(value, StandardCharsets.UTF_8));
		}));
		return form.toString();
	}

	private static String decode(String value, Charset charset) {
		return UriUtils.decode(value.replace('+', ' '), charset);
	}

	/**
	 * What every request built on one handshake takes from it: its scheme, host and port, its
	 * headers, in order, less those an ordinary request would not carry, its cookies, and the
	 * addresses of both ends.
	 */
	private record HandshakeRequest(@Nullable URI uri, List<Map.Entry<String, String>> headers, Cookie[] cookies,
			@Nullable Address remote, @Nullable Address local) {

		static HandshakeRequest of(Handshake handshake) {
			List<Map.Entry<String, String>> headers = new ArrayList<>();
			handshake.headers().forEach((name, values) -> {
				if (!HANDSHAKE_ONLY_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> headers.add(Map.entry(name, value)));
				}
			});
			Cookie[] cookies = RouteRequests.cookies(handshake.headers()).toArray(Cookie[]::new);
			return new HandshakeRequest(handshake.uri(), List.copyOf(headers), cookies,
					Address.of(handshake.remoteAddress()), Address.of(handshake.localAddress()));
		}

		void applyTo(RouteRequest request) {
			if (this.uri != null) {
				boolean secure = "wss".equalsIgnoreCase(this.uri.getScheme())
						|| "https".equalsIgnoreCase(this.uri.getScheme());
				request.setScheme(secure ? "https" : "http");
				request.setSecure(secure);
				if (this.uri.getHost() != null) {
					request.setServerName(this.uri.getHost());
				}
				request.setServerPort((this.uri.getPort() != -1) ? this.uri.getPort() : (secure ? 443 : 80));
			}
			if (this.remote != null) {
				request.setRemoteAddr(this.remote.address());
				request.setRemoteHost(this.remote.host());
				request.setRemotePort(this.remote.port());
			}
			if (this.local != null) {
				request.setLocalAddr(this.local.address());
				request.setLocalName(this.local.host());
				request.setLocalPort(this.local.port());
			}
			for (Map.Entry<String, String> header : this.headers) {
				request.addHeader(header.getKey(), header.getValue());
			}
			if (this.cookies.length > 0) {
				// Copies: the application may change the cookies of its request.
				Cookie[] copies = new Cookie[this.cookies.length];
				for (int i = 0; i < this.cookies.length; i++) {
					copies[i] = (Cookie) this.cookies[i].clone();
				}
				request.setCookies(copies);
			}
		}

	}

	private record Address(String address, String host, int port) {

		static @Nullable Address of(@Nullable InetSocketAddress address) {
			return (address != null)
					? new Address(address.getAddress().getHostAddress(), address.getHostString(), address.getPort())
					: null;
		}

	}

}
