package dev.realtime.boot.test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;

/**
 * A client of an application with realtime channels, for tests on a running server
 * ({@code @SpringBootTest(webEnvironment = RANDOM_PORT)}). It keeps cookies as a browser does,
 * so one client is one visitor: it renders pages (keeping the HTTP session that holds the socket
 * key), reads the connection id off the page's {@code <body>}, and opens the page's socket with
 * its cookies. It also asks the connection endpoint for an id and key and connects with them, as
 * a client without a browser would.
 * <pre class="code">
 * &#064;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * class ChatTests {
 *
 *     &#064;LocalServerPort
 *     int port;
 *
 *     &#064;Test
 *     void postedMessagesReachThePage() {
 *         RealtimeTestClient client = RealtimeTestClient.forPort(this.port);
 *         try (RealtimeTestSocket socket = client.openSocket("/")) {
 *             client.postForm("/messages", "content=hi");
 *             socket.awaitPush().onChannel("chat").withPayloadAt("/content", "hi");
 *         }
 *     }
 *
 * }
 * </pre>
 */
public class RealtimeTestClient {

	/** How long a client waits for a frame, a reply or a push unless told otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern BODY_ID = Pattern.compile("<body[^>]*\\sdata-socket-connection-id=\"([0-9a-f]{64})\"");

	private final String host;

	private final int port;

	private final String contextPath;

	private final String socketPath;

	private final String connectionEndpointPath;

	// Added to each request here: the HttpClient is shared (RealtimeTestSocket.httpClient).
	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private Duration timeout = DEFAULT_TIMEOUT;

	/**
	 * Create a client of an application on {@code localhost} with the default paths: the socket
	 * endpoint on {@code /} and the connection endpoint on {@code /realtime/connection}.
	 * @param port the server's port
	 */
	public RealtimeTestClient(int port) {
		this(port, "", "/", "/realtime/connection");
	}

	private RealtimeTestClient(int port, String contextPath, String socketPath, String connectionEndpointPath) {
		this.host = "localhost";
		this.port = port;
		this.contextPath = contextPath;
		this.socketPath = socketPath;
		this.connectionEndpointPath = connectionEndpointPath;
	}

	/**
	 * Create a client of an application on {@code localhost} with the default paths.
	 * @param port the server's port, as {@code @LocalServerPort} gives it
	 * @return a new client, a new visitor
	 */
	public static RealtimeTestClient forPort(int port) {
		return new RealtimeTestClient(port);
	}

	/**
	 * Create a client of the application of a test's context, with the port it listens on
	 * ({@code local.server.port}), its context path, and the paths of its realtime endpoints
	 * ({@code realtime.path}, {@code realtime.connection-endpoint.path}).
	 * @param environment the environment of the application under test
	 * @return a new client, a new visitor
	 */
	public static RealtimeTestClient from(Environment environment) {
		Integer port = environment.getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("No local.server.port: is the test a @SpringBootTest with a "
					+ "RANDOM_PORT or DEFINED_PORT web environment?");
		}
		return new RealtimeTestClient(port, environment.getProperty("server.servlet.context-path", ""),
				environment.getProperty("realtime.path", "/"),
				environment.getProperty("realtime.connection-endpoint.path", "/realtime/connection"));
	}

	/**
	 * Set how long this client's sockets wait for frames, replies and pushes.
	 * @param timeout the longest wait
	 * @return this client
	 */
	public RealtimeTestClient withTimeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * Return how long this client's sockets wait for frames, replies and pushes.
	 * @return the longest wait
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Return the address of a path of the application.
	 * @param pathAndQuery the path, below the context path, with its query
	 * @return the HTTP address
	 */
	public URI uri(String pathAndQuery) {
		return URI.create("http://" + this.host + ":" + this.port + this.contextPath + pathAndQuery);
	}

	/**
	 * Send a GET request with this client's cookies.
	 * @param pathAndQuery the path and query
	 * @return the response
	 */
	public HttpResponse<String> get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
	}

	/**
	 * Send a POST request with this client's cookies.
	 * @param pathAndQuery the path and query
	 * @param contentType the content type of the body
	 * @param body the body
	 * @return the response
	 */
	public HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Post a form, as a browser submits one.
	 * @param pathAndQuery the path and query
	 * @param body the form, URL-encoded ({@code content=hi})
	 * @return the response
	 */
	public HttpResponse<String> postForm(String pathAndQuery, String body) {
		return post(pathAndQuery, "application/x-www-form-urlencoded", body);
	}

	/**
	 * Post a form, as a browser submits one.
	 * @param pathAndQuery the path and query
	 * @param fields the form's fields, URL-encoded here
	 * @return the response
	 */
	public HttpResponse<String> postForm(String pathAndQuery, Map<String, String> fields) {
		return postForm(pathAndQuery, fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&")));
	}

	/**
	 * Post JSON.
	 * @param pathAndQuery the path and query
	 * @param json the body
	 * @return the response
	 */
	public HttpResponse<String> postJson(String pathAndQuery, String json) {
		return post(pathAndQuery, "application/json", json);
	}

	/**
	 * Send a request with this client's cookies.
	 * @param request the request
	 * @return the response, its body as text
	 */
	public HttpResponse<String> send(HttpRequest request) {
		try {
			HttpResponse<String> response = RealtimeTestSocket.httpClient.send(withCookies(request), HttpResponse.BodyHandlers.ofString());
			this.cookies.put(request.uri(), response.headers().map());
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request " + request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// As the HttpClient's own cookie handling does: the cookies for the request's address,
	// unless the request carries a Cookie header of its own.
	private HttpRequest withCookies(HttpRequest request) throws IOException {
		if (request.headers().firstValue("Cookie").isPresent()) {
			return request;
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
		this.cookies.get(request.uri(), request.headers().map()).forEach((name, values) -> {
			if (!values.isEmpty()) {
				builder.header(name, String.join("; ", values));
			}
		});
		return builder.build();
	}

	/**
	 * Render a page and return the connection id written onto its {@code <body>}.
	 * @param pathAndQuery the page
	 * @return the connection id
	 * @throws AssertionError if the page does not answer 200 or carries no connection id
	 */
	public String renderPage(String pathAndQuery) {
		HttpResponse<String> page = get(pathAndQuery);
		if (page.statusCode() != 200) {
			throw new AssertionError("GET " + pathAndQuery + " answered " + page.statusCode() + ": " + page.body());
		}
		return connectionIdOf(page.body());
	}

	/**
	 * Read the connection id off a page's {@code <body data-socket-connection-id="...">}.
	 * @param html the page
	 * @return the connection id
	 * @throws AssertionError if the page carries none
	 */
	public static String connectionIdOf(String html) {
		Matcher matcher = BODY_ID.matcher(html);
		if (!matcher.find()) {
			throw new AssertionError("No data-socket-connection-id on <body> in:\n" + html);
		}
		return matcher.group(1);
	}

	/**
	 * Render a page and connect its socket, as the page's script would.
	 * @param pathAndQuery the page
	 * @return the open socket, bound by the server
	 */
	public RealtimeTestSocket openSocket(String pathAndQuery) {
		return connect(renderPage(pathAndQuery));
	}

	/**
	 * Return the socket address for a connection id.
	 * @param connectionId the connection id
	 * @return the WebSocket address
	 */
	public URI socketUri(String connectionId) {
		return URI.create("ws://" + this.host + ":" + this.port + this.contextPath + this.socketPath
				+ "?socket_connection_id=" + encode(connectionId));
	}

	/**
	 * Return the headers a browser on one of the application's pages sends with its handshake:
	 * its cookies and the page's origin.
	 * @return the headers
	 */
	public Map<String, String> handshakeHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		String cookie = this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.map(HttpCookie::toString)
			.collect(Collectors.joining("; "));
		if (!cookie.isEmpty()) {
			headers.put("Cookie", cookie);
		}
		headers.put("Origin", "http://" + this.host + ":" + this.port);
		return headers;
	}

	/**
	 * Connect a page's socket as the browser that rendered it, and wait until the server has
	 * bound it: pushes made after this returns reach it.
	 * @param connectionId the page's connection id
	 * @return the open socket
	 */
	public RealtimeTestSocket connect(String connectionId) {
		return bound(RealtimeTestSocket.connect(socketUri(connectionId), handshakeHeaders(), this.timeout));
	}

	/**
	 * Connect a page's socket whose client reads one reply and then stops reading, as a client
	 * that does not keep up: for tests of the send limits.
	 * @param connectionId the page's connection id
	 * @return the open socket
	 */
	public RealtimeTestSocket connectStalled(String connectionId) {
		return bound(RealtimeTestSocket.connectStalled(socketUri(connectionId), handshakeHeaders(), this.timeout));
	}

	/**
	 * Try to connect a page's socket as this browser, expecting a refusal.
	 * @param connectionId the connection id
	 * @return the HTTP status of the refusal
	 * @throws AssertionError if the socket was admitted
	 */
	public int refusalStatus(String connectionId) {
		return RealtimeTestSocket.refusalStatus(socketUri(connectionId), handshakeHeaders(), this.timeout);
	}

	/**
	 * Ask the connection endpoint for an id and key, as a client without a browser does.
	 * @return the id and key
	 * @throws AssertionError if the endpoint does not answer 200
	 */
	public IssuedConnection issueConnection() {
		HttpResponse<String> response = post(this.connectionEndpointPath, "application/json", "");
		if (response.statusCode() != 200) {
			throw new AssertionError("POST " + this.connectionEndpointPath + " answered " + response.statusCode()
					+ ": " + response.body());
		}
		JsonNode issued = JsonMapper.shared().readTree(response.body());
		return new IssuedConnection(issued.get("connection_id").asString(), issued.get("socket_key").asString());
	}

	/**
	 * Connect as a client without a browser: with the key in the {@code socket_key} query
	 * parameter, and no cookies or origin. Waits until the server has bound the socket.
	 * @param issued an id and key from {@link #issueConnection()}
	 * @return the open socket
	 */
	public RealtimeTestSocket connect(IssuedConnection issued) {
		return bound(RealtimeTestSocket.connect(socketUri(issued), Map.of(), this.timeout));
	}

	/**
	 * Ask the connection endpoint for an id and key and connect with them.
	 * @return the open socket
	 */
	public RealtimeTestSocket connectWithoutBrowser() {
		return connect(issueConnection());
	}

	/**
	 * Return the socket address of a client without a browser.
	 * @param issued the id and key
	 * @return the WebSocket address, the key in its query
	 */
	public URI socketUri(IssuedConnection issued) {
		return URI.create(socketUri(issued.connectionId()) + "&socket_key=" + encode(issued.socketKey()));
	}

	// A socket whose wait for binding fails is closed: the caller never gets it to close, and it
	// would stay open, on the client and the server, for the rest of the test run.
	private static RealtimeTestSocket bound(RealtimeTestSocket socket) {
		try {
			return socket.awaitBound();
		}
		catch (RuntimeException | Error ex) {
			socket.close();
			throw ex;
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
