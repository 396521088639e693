package dev.realtime.boot.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.securedapp.SecuredTestApplication;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection endpoint in an application secured with Spring Security, CSRF protection left
 * on, that permits it: a client without a browser, which has no session and so no CSRF token,
 * gets its id and key, while other posts still need the token.
 */
@SpringBootTest(classes = SecuredTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.autoconfigure.exclude=")
class ConnectionEndpointSecurityTests {

	@LocalServerPort
	int port;

	@Test
	void clientWithoutABrowserGetsAnIdAndKeyWithoutACsrfTokenAndConnects() {
		RealtimeTestClient client = new RealtimeTestClient(this.port);
		HttpResponse<String> response = client.post("/realtime/connection", "application/json", "");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		IssuedConnection issued = client.issueConnection();
		try (RealtimeTestSocket socket = client.connect(issued)) {
			assertThat(socket.request("{\"id\":\"a\",\"action\":\"ping\"}", "a").get("body").asString())
				.isEqualTo("pong");
		}
	}

	@Test
	void otherPostsStillNeedTheirCsrfToken() {
		RealtimeTestClient client = new RealtimeTestClient(this.port);
		assertThat(client.post("/realtime/connection/more", "application/json", "").statusCode()).isEqualTo(403);
		assertThat(client.post("/realtime/other", "application/json", "").statusCode()).isEqualTo(403);
		assertThat(client.post("/page", "application/json", "").statusCode()).isEqualTo(403);
	}

}
