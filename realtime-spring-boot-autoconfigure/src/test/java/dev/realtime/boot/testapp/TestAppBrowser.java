package dev.realtime.boot.testapp;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;

/**
 * A {@link RealtimeTestClient} on the test application, with its pages and its push route.
 */
public class TestAppBrowser extends RealtimeTestClient {

	public TestAppBrowser(int port) {
		super(port);
	}

	/**
	 * Render {@code /page} subscribed to the given channels and connect its socket.
	 * @param channels the channels
	 * @return the open socket
	 */
	public RealtimeTestSocket openPage(String... channels) {
		String query = query(channels);
		return connect(renderPage("/page" + (query.isEmpty() ? "" : "?" + query)));
	}

	/**
	 * Post JSON to {@code /push}, which pushes it to the given channels.
	 * @param json the payload
	 * @param channels the channels
	 */
	public void push(String json, String... channels) {
		HttpResponse<String> response = post("/push?" + query(channels), "application/json", json);
		if (response.statusCode() != 202) {
			throw new AssertionError("Push answered " + response.statusCode() + ": " + response.body());
		}
	}

	private static String query(String... channels) {
		return Arrays.stream(channels)
			.map((channel) -> "channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
