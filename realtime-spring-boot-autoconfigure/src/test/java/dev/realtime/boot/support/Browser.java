package dev.realtime.boot.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client that keeps cookies, as a browser does, and opens sockets with them. Shared with
 * the sample application's tests as this module's test jar.
 */
public class Browser {

	private static final Pattern BODY_ID = Pattern.compile("<body[^>]*\\sdata-socket-connection-id=\"([0-9a-f]{64})\"");

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
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
	}

	public HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery))
			.header("Content-Type", contentType)
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
	 * Render a page and return the connection id written onto its body.
	 * @param pathAndQuery the page
	 * @return the connection id
	 */
	public String renderPage(String pathAndQuery) {
		HttpResponse<String> page = get(pathAndQuery);
		if (page.statusCode() != 200) {
			throw new AssertionError("GET " + pathAndQuery + " answered " + page.statusCode() + ": " + page.body());
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

	public URI socketUri(String connectionId) {
		return URI.create("ws://localhost:" + this.port + "/?socket_connection_id=" + connectionId);
	}

	/** Handshake headers a browser on the page would send: its cookies and the page's origin. */
	public Map<String, String> handshakeHeaders() {
		Map<String, String> headers = new HashMap<>();
		String cookie = this.cookies.getCookieStore().getCookies().stream()
			.map(HttpCookie::toString)
			.collect(Collectors.joining("; "));
		if (!cookie.isEmpty()) {
			headers.put("Cookie", cookie);
		}
		headers.put("Origin", "http://localhost:" + this.port);
		return headers;
	}

	/**
	 * Connect a page's socket, and wait until the server has bound it: the answer to a ping
	 * comes after the server opened the socket, so pushes made after this returns reach it.
	 * @param connectionId the page's connection id
	 * @return the open socket
	 */
	public TestSocket connect(String connectionId) {
		return TestSocket.connect(socketUri(connectionId), handshakeHeaders()).awaitBound();
	}

	/**
	 * Connect a page's socket that reads the ping answer and then stops reading.
	 * @param connectionId the page's connection id
	 * @return the open socket
	 */
	public TestSocket connectStalled(String connectionId) {
		return TestSocket.connectStalled(socketUri(connectionId), handshakeHeaders()).awaitBound();
	}

	public int refusalStatus(String connectionId) {
		return TestSocket.refusalStatus(socketUri(connectionId), handshakeHeaders());
	}

	/** Ask the connection endpoint for an id and key, as a non-browser client. */
	public JsonNode issueNonBrowserConnection() {
		HttpResponse<String> response = post("/realtime/connection", "application/json", "");
		if (response.statusCode() != 200) {
			throw new AssertionError("POST /realtime/connection answered " + response.statusCode());
		}
		return JsonMapper.shared().readTree(response.body());
	}

}
