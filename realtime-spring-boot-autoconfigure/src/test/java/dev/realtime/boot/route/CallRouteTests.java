package dev.realtime.boot.route;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static dev.realtime.boot.route.RouteCalls.body;
import static dev.realtime.boot.route.RouteCalls.call;
import static dev.realtime.boot.route.RouteCalls.message;
import static dev.realtime.boot.route.RouteCalls.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code call-route} as SPEC §3: a route called over the socket runs through the application's
 * filters and DispatcherServlet with the handshake's session, and answers as over HTTP.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CallRouteTests {

	@LocalServerPort
	int port;

	TestAppBrowser browser;

	String connectionId;

	RealtimeTestSocket socket;

	@BeforeEach
	void connect() {
		this.browser = new TestAppBrowser(this.port);
		this.connectionId = this.browser.renderPage("/page");
		this.socket = this.browser.connect(this.connectionId);
	}

	@AfterEach
	void close() {
		this.socket.close();
	}

	@Test
	void routeRunsThroughTheFiltersInOrderAndAnswersAsTheSameRequestOverHttp() {
		ObjectNode message = message("1", "post", "/route/echo?page=2");
		ObjectNode input = message.putObject("input");
		input.put("content", "hi there");
		input.putArray("tags").add("a").add("b");
		input.putObject("author").put("name", "Ann");
		message.putObject("headers").put("X-Custom", "yes");
		JsonNode reply = call(this.socket, message);

		assertThat(reply.get("status").asInt()).isEqualTo(200);
		assertThat(reply.get("headers").get("X-Filter").asString()).isEqualTo("first, second");
		assertThat(reply.get("headers").get("Content-Type").asString()).startsWith("application/json");
		JsonNode overSocket = body(reply);
		assertThat(overSocket.get("method").asString()).isEqualTo("POST");
		assertThat(overSocket.get("filters").toString()).isEqualTo("[\"first\",\"second\"]");
		assertThat(overSocket.get("custom").asString()).isEqualTo("yes");
		assertThat(overSocket.get("parameters").toString()).isEqualTo(
				"{\"page\":[\"2\"],\"content\":[\"hi there\"],\"tags\":[\"a\",\"b\"],\"author.name\":[\"Ann\"]}");

		HttpResponse<String> overHttp = this.browser.send(java.net.http.HttpRequest
			.newBuilder(this.browser.uri("/route/echo?page=2"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Custom", "yes")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("content=hi+there&tags=a&tags=b&author.name=Ann"))
			.build());
		JsonNode http = parse(overHttp.body());
		for (String field : List.of("method", "uri", "query", "parameters", "custom", "filters", "session")) {
			assertThat(overSocket.get(field)).as(field).isEqualTo(http.get(field));
		}
		assertThat(overSocket.get("session").isNull()).isFalse();
	}

	@Test
	void getInputBecomesQueryParameters() {
		ObjectNode message = message("q", "GET", "/route/echo");
		message.putObject("input").put("q", "a b&c");
		JsonNode echo = body(call(this.socket, message));
		assertThat(echo.get("parameters").get("q").toString()).isEqualTo("[\"a b&c\"]");
		assertThat(echo.get("query").asString()).isEqualTo("q=a%20b%26c");
	}

	@Test
	void uriIsReadAsTheSameRequestLineOverHttp() {
		String uri = "/route/%65cho?a=1&b&c=x+y&c=%C3%A9&d=e=f&&#fragment";
		JsonNode overSocket = body(call(this.socket, "u", "GET", uri));

		JsonNode http = parse(this.browser.send(java.net.http.HttpRequest
			.newBuilder(this.browser.uri(uri.substring(0, uri.indexOf('#'))))
			.GET()
			.build()).body());
		for (String field : List.of("uri", "query", "parameters")) {
			assertThat(overSocket.get(field)).as(field).isEqualTo(http.get(field));
		}
		assertThat(overSocket.get("parameters").toString())
			.isEqualTo("{\"a\":[\"1\"],\"b\":[\"\"],\"c\":[\"x y\",\"é\"],\"d\":[\"e=f\"]}");
	}

	@Test
	void bodyIsTheRequestBody() {
		ObjectNode message = message("b", "PUT", "/route/echo");
		message.put("body", "{\"x\":1}");
		JsonNode echo = body(call(this.socket, message));
		assertThat(echo.get("method").asString()).isEqualTo("PUT");
		assertThat(echo.get("body").asString()).isEqualTo("{\"x\":1}");
		assertThat(echo.get("contentType").asString()).startsWith("application/json");
	}

	@Test
	void routeSubscribesTheCallingSocket() {
		ObjectNode join = message("j", "POST", "/route/join");
		join.putObject("input").put("channel", "joined-over-socket");
		JsonNode reply = call(this.socket, join);
		assertThat(reply.get("status").asInt()).isEqualTo(204);
		assertThat(reply.get("headers").get("X-Joined").asString()).isEqualTo("joined-over-socket");

		this.browser.push("{\"hello\":\"room\"}", "joined-over-socket");
		JsonNode push = this.socket.next();
		assertThat(push.get("channel").asString()).isEqualTo("joined-over-socket");
		assertThat(push.get("payload").get("hello").asString()).isEqualTo("room");
	}

	@Test
	void injectedSocketIsTheCallingSocket() {
		JsonNode reply = call(this.socket, "c", "GET", "/route/connection-id");
		assertThat(reply.get("body").asString()).isEqualTo(this.connectionId);
	}

	@Test
	void routeSharesTheHttpSessionOfTheHandshake() {
		this.browser.postForm("/route/note", "note=written-over-http");
		assertThat(call(this.socket, "r1", "GET", "/route/note").get("body").asString())
			.isEqualTo("written-over-http");

		ObjectNode write = message("w", "POST", "/route/note");
		write.putObject("input").put("note", "written-over-socket");
		assertThat(call(this.socket, write).get("status").asInt()).isEqualTo(200);
		assertThat(this.browser.get("/route/note").body()).isEqualTo("written-over-socket");
	}

	@Test
	void anotherSocketsConnectionIdInInputIsRefusedWith403() {
		String otherId = new TestAppBrowser(this.port).renderPage("/page");
		ObjectNode message = message("x", "POST", "/route/join");
		message.putObject("input").put("channel", "stolen").put("socket_connection_id", otherId);
		JsonNode reply = call(this.socket, message);
		assertThat(reply.get("status").asInt()).isEqualTo(403);
		assertThat(reply.get("error").asString()).contains("socket_connection_id");

		ObjectNode inQuery = message("y", "GET", "/route/connection-id?socket_connection_id=" + otherId);
		assertThat(call(this.socket, inQuery).get("status").asInt()).isEqualTo(403);

		ObjectNode own = message("z", "GET", "/route/connection-id");
		own.putObject("input").put("socket_connection_id", this.connectionId);
		assertThat(call(this.socket, own).get("status").asInt()).isEqualTo(200);
	}

	@Test
	void controllerAdviceAnswersAsOverHttp() {
		JsonNode reply = call(this.socket, "a", "GET", "/route/advised");
		HttpResponse<String> overHttp = this.browser.get("/route/advised");
		assertThat(reply.get("status").asInt()).isEqualTo(422).isEqualTo(overHttp.statusCode());
		assertThat(body(reply)).isEqualTo(parse(overHttp.body()));
	}

	@Test
	void uncaughtExceptionGetsTheApplicationsErrorPageAndTheSocketStaysOpen() {
		JsonNode reply = call(this.socket, "e", "GET", "/route/crash");
		HttpResponse<String> overHttp = this.browser.get("/route/crash");
		assertThat(reply.get("status").asInt()).isEqualTo(500).isEqualTo(overHttp.statusCode());
		JsonNode error = body(reply);
		JsonNode httpError = parse(overHttp.body());
		assertThat(error.get("status").asInt()).isEqualTo(500);
		assertThat(error.get("path").asString()).isEqualTo("/route/crash").isEqualTo(httpError.get("path").asString());
		assertThat(error.properties().stream().map(java.util.Map.Entry::getKey).toList())
			.isEqualTo(httpError.properties().stream().map(java.util.Map.Entry::getKey).toList());
		assertThat(call(this.socket, "after", "GET", "/route/connection-id").get("status").asInt()).isEqualTo(200);
	}

	@Test
	void unknownRouteGetsTheApplicationsNotFoundAnswer() {
		JsonNode reply = call(this.socket, "n", "GET", "/route/missing");
		HttpResponse<String> overHttp = this.browser.get("/route/missing");
		assertThat(reply.get("status").asInt()).isEqualTo(404).isEqualTo(overHttp.statusCode());
		assertThat(body(reply).get("path").asString()).isEqualTo("/route/missing");
	}

	@Test
	void asyncRoutesReplyWhenTheyComplete() {
		assertThat(call(this.socket, "d", "GET", "/route/deferred").get("body").asString()).isEqualTo("deferred done");
		assertThat(call(this.socket, "c", "GET", "/route/callable").get("body").asString()).isEqualTo("callable done");
		assertThat(call(this.socket, "f", "GET", "/route/future").get("body").asString()).isEqualTo("future done");
	}

	@Test
	void asyncRouteThatTimesOutAnswers503AsOverHttp() {
		JsonNode reply = call(this.socket, "t", "GET", "/route/never");
		assertThat(reply.get("status").asInt()).isEqualTo(503).isEqualTo(this.browser.get("/route/never").statusCode());
	}

	@Test
	void slowRouteDelaysNeitherPushesNorOtherRepliesToTheSameSocket() {
		ObjectNode join = message("join", "POST", "/route/join");
		join.putObject("input").put("channel", "room-of-slow");
		assertThat(call(this.socket, join).get("status").asInt()).isEqualTo(204);

		this.socket.send(message("slow", "GET", "/route/slow?millis=1500").toString());
		this.browser.push("{\"n\":1}", "room-of-slow");
		this.socket.send("{\"id\":\"quick\",\"action\":\"ping\"}");
		List<String> arrived = new ArrayList<>();
		for (JsonNode frame : this.socket.next(3)) {
			arrived.add(frame.has("channel") ? "push" : frame.get("id").asString());
		}
		assertThat(arrived).containsExactlyInAnyOrder("push", "quick", "slow");
		assertThat(arrived.get(2)).isEqualTo("slow");
	}

	@Test
	void moreCallsInFlightThanTheLimitGet429AndTheOthersComplete() throws InterruptedException {
		for (int i = 0; i < 16; i++) {
			this.socket.send(message("hold-" + i, "GET", "/route/hold").toString());
		}
		this.socket.send(message("one-too-many", "GET", "/route/hold").toString());
		JsonNode refused = this.socket.next();
		assertThat(refused.get("id").asString()).isEqualTo("one-too-many");
		assertThat(refused.get("status").asInt()).isEqualTo(429);
		assertThat(refused.get("error").asString()).contains("16");

		awaitHeld(16);
		assertThat(this.browser.postForm("/route/release", "").body()).isEqualTo("16");
		List<JsonNode> replies = this.socket.next(16);
		assertThat(replies).allSatisfy((reply) -> assertThat(reply.get("body").asString()).isEqualTo("released"));
		assertThat(call(this.socket, "after", "GET", "/route/connection-id").get("status").asInt()).isEqualTo(200);
	}

	@Test
	void malformedCallsGetA400ErrorReplyAndTheSocketStaysOpen() {
		assertError("{\"id\":\"1\",\"action\":\"call-route\"}", 400, "uri");
		assertError("{\"id\":\"2\",\"action\":\"call-route\",\"uri\":\"http://elsewhere/x\"}", 400, "uri");
		assertError("{\"id\":\"3\",\"action\":\"call-route\",\"uri\":\"/route/echo\",\"method\":\"GO T\"}", 400,
				"method");
		assertError("{\"id\":\"4\",\"action\":\"call-route\",\"uri\":\"/route/echo\",\"input\":[1]}", 400, "input");
		assertError("{\"id\":\"5\",\"action\":\"call-route\",\"uri\":\"/route/echo\",\"headers\":{\"Cookie\":\"a=b\"}}",
				400, "Cookie");
		assertError("{\"id\":\"6\",\"action\":\"call-route\",\"uri\":\"/route/echo\",\"body\":{\"x\":1}}", 400, "body");
		assertError("{\"id\":\"7\",\"action\":\"call-route\",\"uri\":\"/route/ech%zz\"}", 400, "uri");
		assertError("{\"id\":\"8\",\"action\":\"call-route\",\"uri\":\"/route/echo?q=%zz\"}", 400, "uri");
		assertThat(call(this.socket, "ok", "GET", "/route/connection-id").get("status").asInt()).isEqualTo(200);
	}

	@Test
	void filterMappedToAPathAppliesWithPathParametersAsOverHttp() {
		assertThat(this.browser.get("/route/guarded;x=1").statusCode()).isEqualTo(403);
		assertThat(this.browser.get("/route/guarded;x=a%2Fb").statusCode()).isEqualTo(403);
		for (String uri : List.of("/route/guarded", "/route/guarded;x=1", "/route;a=b/guarded;jsessionid=123",
				"/route/guarded;x=a%2Fb")) {
			JsonNode reply = call(this.socket, "g", "GET", uri);
			assertThat(reply.get("status").asInt()).as(uri).isEqualTo(403);
			assertThat(reply.get("body").asString()).as(uri).doesNotContain("guarded content");
		}
	}

	@Test
	void pathsThatAreNotNormalizedAreRefusedWith400() {
		for (String uri : List.of("/route/x/../guarded", "/route/./guarded", "/route//guarded", "/route/%2e%2e/route/guarded",
				"/route%2Fguarded", "/route/x/..")) {
			JsonNode reply = call(this.socket, "p", "GET", uri);
			assertThat(reply.get("status").asInt()).as(uri).isEqualTo(400);
			assertThat(reply.get("error").asString()).as(uri).contains("normalized");
		}
	}

	@Test
	void extensionMappedFiltersApplyByTheLastExtensionAsOverHttp() {
		JsonNode overSocket = body(call(this.socket, "x", "GET", "/route/files/notes.tar.gz"));
		JsonNode overHttp = parse(this.browser.get("/route/files/notes.tar.gz").body());
		assertThat(overSocket).isEqualTo(overHttp);
		assertThat(overSocket.toString()).isEqualTo("[\"first\",\"second\",\"gz\"]");
	}

	@Test
	void errorThrownByAFilterGetsTheErrorPageAndFreesItsPlaceInFlight() {
		assertThat(this.browser.get("/route/fatal").statusCode()).isEqualTo(500);
		// As many as a socket may have in flight (realtime.max-in-flight): more at once could be
		// answered 429 before the first places are freed; a place never freed shows as a 429 for
		// the call after them.
		for (int i = 0; i < 16; i++) {
			this.socket.send(message("fatal-" + i, "GET", "/route/fatal").toString());
		}
		assertThat(this.socket.next(16)).allSatisfy((reply) -> {
			assertThat(reply.get("status").asInt()).isEqualTo(500);
			assertThat(body(reply).get("path").asString()).isEqualTo("/route/fatal");
		});
		assertThat(call(this.socket, "after", "GET", "/route/connection-id").get("status").asInt()).isEqualTo(200);
	}

	@Test
	void headersSetBeforeAnErrorStayOnTheErrorPageAsOverHttp() {
		HttpResponse<String> overHttp = this.browser.get("/route/header-then-crash");
		assertThat(overHttp.headers().firstValue("X-Before")).hasValue("set");
		JsonNode reply = call(this.socket, "h", "GET", "/route/header-then-crash");
		assertThat(reply.get("status").asInt()).isEqualTo(500).isEqualTo(overHttp.statusCode());
		assertThat(reply.get("headers").get("X-Before").asString()).isEqualTo("set");
		assertThat(reply.get("headers").get("X-Filter").asString()).isEqualTo("first, second");
		assertThat(body(reply).get("path").asString()).isEqualTo("/route/header-then-crash");
	}

	@Test
	void bodyIsSentInTheCharsetItsContentTypeNames() {
		HttpResponse<String> overHttp = this.browser.send(java.net.http.HttpRequest
			.newBuilder(this.browser.uri("/route/text"))
			.header("Content-Type", "text/plain;charset=ISO-8859-1")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("café", StandardCharsets.ISO_8859_1))
			.build());
		assertThat(overHttp.body()).isEqualTo("café");
		ObjectNode message = message("c", "POST", "/route/text");
		message.putObject("headers").put("Content-Type", "text/plain;charset=ISO-8859-1");
		message.put("body", "café");
		assertThat(call(this.socket, message).get("body").asString()).isEqualTo("café");
		message.putObject("headers").put("Content-Type", "text/plain;charset=no-such-charset");
		JsonNode refused = call(this.socket, message);
		assertThat(refused.get("status").asInt()).isEqualTo(400);
		assertThat(refused.get("error").asString()).contains("no-such-charset");
	}

	@Test
	void multipartBodyIsRefusedWith415InsteadOfArrivingEmpty() {
		String boundary = "realtime-boundary";
		String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--"
				+ boundary + "--\r\n";
		HttpResponse<String> overHttp = this.browser.send(java.net.http.HttpRequest
			.newBuilder(this.browser.uri("/route/upload"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(multipart))
			.build());
		assertThat(overHttp.body()).isEqualTo("hello");
		ObjectNode message = message("m", "POST", "/route/upload");
		message.putObject("headers").put("Content-Type", "multipart/form-data; boundary=" + boundary);
		message.put("body", multipart);
		JsonNode refused = call(this.socket, message);
		assertThat(refused.get("status").asInt()).isEqualTo(415);
		assertThat(refused.get("error").asString()).contains("multipart");
		assertThat(call(this.socket, "after", "GET", "/route/connection-id").get("status").asInt()).isEqualTo(200);
	}

	@Test
	void headAnswersWithTheHeadersOfAGetAndNoBodyAsOverHttp() {
		HttpResponse<String> overHttp = this.browser.send(java.net.http.HttpRequest
			.newBuilder(this.browser.uri("/route/connection-id"))
			.method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(overHttp.body()).isEmpty();
		JsonNode reply = call(this.socket, "h", "HEAD", "/route/connection-id");
		assertThat(reply.get("status").asInt()).isEqualTo(200).isEqualTo(overHttp.statusCode());
		assertThat(reply.get("body").asString()).isEmpty();
		assertThat(reply.get("headers").get("Content-Type").asString())
			.isEqualTo(overHttp.headers().firstValue("Content-Type").orElseThrow());
	}

	@Test
	void traceIsRefusedWith405AsContainersDoByDefault() {
		assertThat(this.browser.send(java.net.http.HttpRequest.newBuilder(this.browser.uri("/route/connection-id"))
			.method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody())
			.build()).statusCode()).isEqualTo(405);
		JsonNode reply = call(this.socket, "t", "trace", "/route/connection-id");
		assertThat(reply.get("status").asInt()).isEqualTo(405);
		assertThat(reply.get("error").asString()).contains("TRACE");
		assertThat(reply.has("body")).isFalse();
	}

	@Test
	void forwardedHeadersAreRefusedWith400AsTheHandshakeDecidesThem() {
		for (String header : List.of("Forwarded", "X-Forwarded-Host", "x-forwarded-proto", "X-Forwarded-For",
				"X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Ssl")) {
			ObjectNode message = message("f", "GET", "/route/echo");
			message.putObject("headers").put(header, "evil.example");
			JsonNode reply = call(this.socket, message);
			assertThat(reply.get("status").asInt()).as(header).isEqualTo(400);
			assertThat(reply.get("error").asString()).as(header).contains(header);
		}
	}

	@Test
	void sessionInvalidatedByTheRouteIsGoneForTheRestOfTheCallAsOverHttp() throws InterruptedException {
		// The session's end closes the socket (1008), whose reply may not make it: the route
		// keeps what it saw.
		this.socket.send(message("i", "POST", "/route/invalidate").toString());
		String overSocket = "not called";
		for (int i = 0; i < 250 && overSocket.equals("not called"); i++) {
			Thread.sleep(20);
			overSocket = new TestAppBrowser(this.port).get("/route/after-invalidate").body();
		}
		HttpResponse<String> overHttp = new TestAppBrowser(this.port).postForm("/route/invalidate", "");
		assertThat(overHttp.body()).isEqualTo("no session");
		assertThat(overSocket).isEqualTo("no session");
	}

	@Test
	void filtersMappedByServletNameOrMatchedAfterRunInTheContainersOrder() {
		ObjectNode message = message("m", "GET", "/route/echo");
		message.putObject("headers").put("X-Trace-Mapping", "yes");
		JsonNode overSocket = body(call(this.socket, message));
		JsonNode overHttp = parse(this.browser.send(java.net.http.HttpRequest
			.newBuilder(this.browser.uri("/route/echo"))
			.header("X-Trace-Mapping", "yes")
			.GET()
			.build()).body());
		assertThat(overHttp.get("filters").toString())
			.isEqualTo("[\"first\",\"second\",\"matched-after\",\"by-name\"]");
		assertThat(overSocket.get("filters")).isEqualTo(overHttp.get("filters"));
	}

	@Test
	void asyncRoutesCompleteAsOverHttpSoThatTheirCompletionCallbacksRun() throws InterruptedException {
		int before = Integer.parseInt(this.browser.get("/route/completions").body());
		assertThat(this.browser.get("/route/deferred-completion").body()).isEqualTo("done");
		assertThat(awaitCompletions(before + 1)).as("over HTTP").isEqualTo(before + 1);

		assertThat(call(this.socket, "dc", "GET", "/route/deferred-completion").get("body").asString())
			.isEqualTo("done");
		assertThat(awaitCompletions(before + 2)).as("over the socket").isEqualTo(before + 2);
	}

	private int awaitCompletions(int count) throws InterruptedException {
		int completions = -1;
		for (int i = 0; i < 100; i++) {
			completions = Integer.parseInt(this.browser.get("/route/completions").body());
			if (completions >= count) {
				break;
			}
			Thread.sleep(20);
		}
		return completions;
	}

	@Test
	void formBodyOfAPostBecomesRequestParametersAsOverHttp() {
		ObjectNode message = message("fb", "POST", "/route/echo?page=2");
		message.putObject("headers").put("Content-Type", "application/x-www-form-urlencoded");
		message.put("body", "content=hi+there&tags=a&tags=b&name=%C3%A9");
		JsonNode overSocket = body(call(this.socket, message));
		JsonNode overHttp = parse(this.browser.post("/route/echo?page=2", "application/x-www-form-urlencoded",
				"content=hi+there&tags=a&tags=b&name=%C3%A9").body());
		assertThat(overHttp.get("parameters").toString())
			.isEqualTo("{\"page\":[\"2\"],\"content\":[\"hi there\"],\"tags\":[\"a\",\"b\"],\"name\":[\"é\"]}");
		assertThat(overSocket.get("parameters")).isEqualTo(overHttp.get("parameters"));
	}

	@Test
	void annotatedMethodActionAnswersWithJson() {
		JsonNode reply = this.socket.request("{\"id\":\"s\",\"action\":\"shout\",\"text\":\"hi\"}", "s");
		assertThat(reply.get("status").asInt()).isEqualTo(200);
		assertThat(reply.get("headers").get("Content-Type").asString()).isEqualTo("application/json");
		assertThat(body(reply).get("shouted").asString()).isEqualTo("HI");
	}

	private void assertError(String message, int status, String mentioned) {
		JsonNode reply = this.socket.request(message, parse(message).get("id").asString());
		assertThat(reply.get("status").asInt()).isEqualTo(status);
		assertThat(reply.get("error").asString()).contains(mentioned);
	}

	// The held calls reach the route on the action executor, after their messages were read.
	private void awaitHeld(int count) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (this.browser.get("/route/held").body().equals(String.valueOf(count))) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError(count + " held calls never reached the route");
	}

}
