package dev.realtime.boot.session;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.registry.LifecycleTests;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP sessions kept in a database by Spring Session JDBC, as
 * {@code spring-boot-starter-session-jdbc} configures it: the handshake finds the socket key
 * there, routes called over the socket run with the session, and a logout closes the
 * session's sockets although the repository publishes no event.
 */
@SpringBootTest(classes = JdbcSessionTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Tag("session-jdbc")
class JdbcSessionTests {

	@LocalServerPort
	int port;

	@Autowired
	SessionRepository<?> sessions;

	@Test
	void socketKeyIsKeptInTheDatabaseAndTheHandshakeFindsIt() {
		assertThat(this.sessions).isInstanceOf(JdbcIndexedSessionRepository.class);
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket socket = browser.openPage("jdbc")) {
			browser.push("{\"n\":1}", "jdbc");
			assertThat(socket.next().get("channel").asString()).isEqualTo("jdbc");
		}
		assertThat(this.sessions.findById(SpringSessionTests.sessionId(browser))
			.<String>getAttribute(SessionSocketKeys.ATTRIBUTE)).matches("[0-9a-f]{64}");
	}

	@Test
	void anotherSessionCannotUseThePage() {
		String id = new TestAppBrowser(this.port).renderPage("/page");
		TestAppBrowser other = new TestAppBrowser(this.port);
		other.renderPage("/page");
		assertThat(other.refusalStatus(id)).isEqualTo(403);
	}

	@Test
	void routesCalledOverTheSocketReadAndWriteTheSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		assertThat(browser.postForm("/route/note", "note=written-over-http").statusCode()).isEqualTo(200);
		try (RealtimeTestSocket socket = browser.openPage()) {
			assertThat(socket.call("GET", "/route/note").body()).isEqualTo("written-over-http");
			assertThat(socket.call("POST", "/route/note", Map.of("note", "written-over-socket")).body())
				.isEqualTo("noted");
			assertThat(browser.get("/route/note").body()).isEqualTo("written-over-socket");
			assertThat(socket.call("POST", "/route/join", Map.of("channel", "jdbc-room")).status()).isEqualTo(204);
			browser.push("{\"n\":1}", "jdbc-room");
			assertThat(socket.next().get("channel").asString()).isEqualTo("jdbc-room");
		}
		// The calls saved the session without losing its key: its next page connects.
		try (RealtimeTestSocket next = browser.openPage("jdbc-after-calls")) {
			browser.push("{\"n\":2}", "jdbc-after-calls");
			assertThat(next.next().get("channel").asString()).isEqualTo("jdbc-after-calls");
		}
	}

	@Test
	void logoutClosesEverySocketOfTheSessionForGood() {
		LifecycleTests.assertInvalidatingTheHttpSessionClosesItsSocketsForGood(new TestAppBrowser(this.port),
				new TestAppBrowser(this.port));
	}

	@Test
	void logoutCalledOverTheSocketIsAnsweredThenClosesEverySocketOfTheSession() {
		LifecycleTests.assertLogoutCalledOverTheSocketIsAnsweredThenClosesEverySocketOfTheSession(
				new TestAppBrowser(this.port), "jdbc-logout");
	}

	@Test
	void logoutCalledOverTheSocketWhileAnotherOfItsCallsIsHeldClosesItOnceTheLogoutIsAnswered() {
		LifecycleTests.assertLogoutCalledOverTheSocketWhileAnotherOfItsCallsIsHeldClosesItOnceTheLogoutIsAnswered(
				new TestAppBrowser(this.port), "jdbc-held-logout");
	}

	@Test
	void logoutAfterTheSessionsIdChangedClosesEverySocketOfIt() {
		LifecycleTests.assertSocketsOpenedBeforeAndAfterAnIdChangeCloseWithTheSession(new TestAppBrowser(this.port));
	}

	@Test
	void twoFirstPagesOfASessionRenderedAtOnceBothConnect() throws Exception {
		// Each page's request added the key to its copy of the session, and the second insert
		// of the attribute failed on the table's primary key: its page answered 500.
		SpringSessionTests.assertTwoFirstPagesOfASessionRenderedAtOnceBothConnect(new TestAppBrowser(this.port),
				"/cart");
	}

	@Test
	void sessionMadeBeforeAnyPageHasItsSocketKeyAlready() {
		SpringSessionTests.assertSessionMadeBeforeAnyPageHasItsSocketKeyAlready(new TestAppBrowser(this.port),
				this.sessions);
	}

}
