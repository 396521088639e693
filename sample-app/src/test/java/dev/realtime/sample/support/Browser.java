package dev.realtime.sample.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An HTTP client that keeps its own cookies, as a browser does, and opens sockets with them.
 */
public final class Browser {

	private static final Pattern BODY_ID = Pattern
		.compile("<body[^>]*\\sdata-socket-connection-id=\"([0-9a-f]{64})\"");

	private final int port;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http;

	public Browser(int port) {
		this.port = port;
		this.http = HttpClient.newBuilder().cookieHandler(this.cookies).build();
	}

	public URI uri(String pathAndQuery) {
		return URI.create("http://localhost:" + this.port + pathAndQuery);
	}

	public HttpResponse<String> get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Accept", "text/html").GET().build());
	}

	public HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery))
			.header("Content-Type", contentType)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	public HttpResponse<String> postForm(String pathAndQuery, String body) {
		return post(pathAndQuery, "application/x-www-form-urlencoded", body);
	}

	public HttpResponse<String> postJson(String pathAndQuery, String body) {
		return post(pathAndQuery, "application/json", body);
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Render the chat page and return the connection id written onto its body.
	 * @return the connection id
	 */
	public String renderPage() {
		HttpResponse<String> page = get("/");
		if (page.statusCode() != 200) {
			throw new AssertionError("GET / answered " + page.statusCode() + ": " + page.body());
		}
		return connectionIdOf(page.body());
	}

	public static String connectionIdOf(String html) {
		Matcher matcher = BODY_ID.matcher(html);
		if (!matcher.find()) {
			throw new AssertionError("No data-socket-connection-id on <body> in:\n" + html);
		}
		return matcher.group(1);
	}

	/**
	 * Render the chat page and connect its socket, as the page's script does.
	 * @return the open socket
	 */
	public TestSocket openPage() {
		return connect(renderPage());
	}

	public URI socketUri(String connectionId) {
		return URI.create("ws://localhost:" + this.port + "/?socket_connection_id=" + connectionId);
	}

	/**
	 * Return the handshake headers a page of this browser sends: its cookies and its origin.
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
		headers.put("Origin", "http://localhost:" + this.port);
		return headers;
	}

	public TestSocket connect(String connectionId) {
		return TestSocket.connect(socketUri(connectionId), handshakeHeaders());
	}

}
