package dev.realtime.boot.route;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.registry.LifecycleTests;
import dev.realtime.boot.securedapp.SecuredTestApplication;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;

import static dev.realtime.boot.route.RouteCalls.call;
import static dev.realtime.boot.route.RouteCalls.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes called over the socket in an application secured with Spring Security: they answer as
 * the same requests over HTTP do, with the principal of the socket's HTTP session; CSRF tokens
 * are not asked of socket calls (see {@link CsrfExemptRouteRequests}) but still of HTTP posts.
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.autoconfigure.exclude=")
class CallRouteSecurityTests {

	private static final Pattern CSRF_TOKEN = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

	private static final Pattern FORM_CSRF_FIELD = Pattern.compile("type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Test
	void protectedRouteIsRefusedOverTheSocketAsOverHttpWithoutLogin() {
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			JsonNode reply = call(socket, "1", "GET", "/secure/hello");
			HttpResponse<String> overHttp = browser.get("/secure/hello");
			assertThat(overHttp.statusCode()).isEqualTo(302);
			assertThat(reply.get("status").asInt()).isEqualTo(302);
			assertThat(reply.get("headers").get("Location").asString()).endsWith("/login");
		}
	}

	@Test
	void protectedRouteAnswersWithTheSessionsPrincipalAfterLogin() {
		RealtimeTestClient browser = logIn("alice", "alice-secret");
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			JsonNode reply = call(socket, "1", "GET", "/secure/hello");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
			assertThat(reply.get("body").asString()).isEqualTo("hello alice").isEqualTo(browser.get("/secure/hello").body());
		}
	}

	@Test
	void roleIsEnforcedOverTheSocketAsOverHttp() {
		RealtimeTestClient alice = logIn("alice", "alice-secret");
		try (RealtimeTestSocket socket = alice.connect(alice.renderPage("/page"))) {
			assertThat(call(socket, "1", "GET", "/secure/admin/stats").get("status").asInt()).isEqualTo(403)
				.isEqualTo(alice.get("/secure/admin/stats").statusCode());
		}
		RealtimeTestClient root = logIn("root", "root-secret");
		try (RealtimeTestSocket socket = root.connect(root.renderPage("/page"))) {
			JsonNode reply = call(socket, "1", "GET", "/secure/admin/stats");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
			assertThat(reply.get("body").asString()).isEqualTo("stats for admins");
		}
	}

	@Test
	void socketPostsNeedNoCsrfTokenWhileHttpPostsStillDo() {
		RealtimeTestClient browser = logIn("alice", "alice-secret");
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			ObjectNode post = message("1", "POST", "/secure/notes");
			post.putObject("input").put("note", "over-the-socket");
			JsonNode reply = call(socket, post);
			assertThat(reply.get("status").asInt()).isEqualTo(200);
			assertThat(reply.get("body").asString()).isEqualTo("alice saved over-the-socket");
		}
		assertThat(browser.postForm("/secure/notes", "note=forged").statusCode()).isEqualTo(403);
	}

	@Test
	void aFormRenderedOverTheSocketCarriesTheSessionsCsrfTokenAsOverHttp() {
		RealtimeTestClient browser = logIn("alice", "alice-secret");
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			JsonNode reply = call(socket, "1", "GET", "/secure/note-form");
			assertThat(reply.get("status").asInt()).as("status of the form's page over the socket").isEqualTo(200);
			String form = reply.get("body").asString();
			Matcher field = FORM_CSRF_FIELD.matcher(form);
			assertThat(field.find()).as("hidden _csrf field in the form rendered over the socket:%n%s", form).isTrue();
			assertThat(form).contains("<meta name=\"_csrf\" content=\"" + field.group(1) + "\">");
			// The session's own: the form posted over HTTP passes Spring Security's check.
			HttpResponse<String> posted = browser.postForm("/secure/notes",
					"note=from-the-form&_csrf=" + URLEncoder.encode(field.group(1), StandardCharsets.UTF_8));
			assertThat(posted.statusCode()).isEqualTo(200);
			assertThat(posted.body()).isEqualTo("alice saved from-the-form");
		}
	}

	@Test
	void aCrossSitePageCannotOpenTheSocketThatWouldSkipTheToken() {
		RealtimeTestClient browser = logIn("alice", "alice-secret");
		String connectionId = browser.renderPage("/page");
		Map<String, String> headers = new HashMap<>(browser.handshakeHeaders());
		headers.put("Origin", "https://evil.example");
		assertThat(RealtimeTestSocket.refusalStatus(browser.socketUri(connectionId), headers)).isEqualTo(403);
	}

	@Test
	void loginOverTheSocketNeverAuthenticatesTheSessionIdTheBrowserHadBefore() {
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		try (RealtimeTestSocket socket = browser.connect(browser.renderPage("/page"))) {
			ObjectNode login = message("1", "POST", "/login");
			login.putObject("input").put("username", "alice").put("password", "alice-secret");
			// The id cannot be changed from a socket call: the login is refused rather than skip
			// it, with an error reply that says what to do.
			JsonNode reply = call(socket, login);
			assertThat(reply.get("status").asInt()).isEqualTo(400);
			assertThat(reply.path("error").asString("")).contains("Log in over HTTP");
			// The socket stays open, and its session anonymous.
			assertThat(call(socket, "2", "GET", "/secure/hello").get("status").asInt()).isEqualTo(302);
		}
		// Over HTTP, Spring Security's session fixation protection changes the session's id at
		// login: the id the browser held before (one an attacker may have planted) stays anonymous.
		assertThat(browser.get("/secure/hello").statusCode()).isEqualTo(302);
	}

	@Test
	void socketOpenedBeforeALoginOverHttpResumesWithTheLoggedInSessionAndOnlyThere() {
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		String connectionId = browser.renderPage("/news");
		// The cookie of the session id from before the login: one an attacker may have planted
		// in the browser, and then opened a socket with himself.
		Map<String, String> headersBefore = browser.handshakeHeaders();
		try (RealtimeTestSocket openedBefore = browser.connect(connectionId)) {
			logIn(browser, "alice", "alice-secret");
			assertThat(browser.get("/secure/hello").body()).isEqualTo("hello alice");
			// Closed, its resume window kept: the calls of a socket opened with the old id
			// must not run with the logged-in session.
			assertThat(openedBefore.awaitClose()).isEqualTo(4001);
		}
		// With the old id only, nobody resumes it.
		assertThat(RealtimeTestSocket.refusalStatus(browser.socketUri(connectionId), headersBefore)).isEqualTo(403);
		// The browser, which has the new cookie, does: its subscriptions, and its calls as alice.
		try (RealtimeTestSocket resumed = LifecycleTests.resume(browser, connectionId)) {
			assertThat(call(resumed, "1", "GET", "/secure/hello").get("body").asString()).isEqualTo("hello alice");
			this.publisher.push(Map.of("text", "after login"), "news");
			resumed.awaitPush().onChannel("news").withPayloadAt("/text", "after login");
		}
	}

	private RealtimeTestClient logIn(String username, String password) {
		return logIn(new RealtimeTestClient(this.port), username, password);
	}

	private RealtimeTestClient logIn(RealtimeTestClient browser, String username, String password) {
		Matcher token = CSRF_TOKEN.matcher(browser.get("/login").body());
		assertThat(token.find()).as("CSRF token on the login page").isTrue();
		HttpResponse<String> login = browser.postForm("/login",
				"username=" + username + "&password=" + password + "&_csrf=" + token.group(1));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.doesNotContain("error"));
		return browser;
	}

}
