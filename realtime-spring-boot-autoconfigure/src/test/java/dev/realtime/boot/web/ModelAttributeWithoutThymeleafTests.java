package dev.realtime.boot.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.thymeleaf.RealtimeDialect;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without Thymeleaf, views get the page's connection id as the {@code socketConnectionId} model
 * attribute.
 */
@SpringBootTest(classes = PlainViewTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ModelAttributeWithoutThymeleafTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	RealtimePublisher publisher;

	@Test
	void viewGetsTheIdThatRealtimeSocketSubscribed() {
		assertThat(this.context.getBeansOfType(RealtimeDialect.class)).isEmpty();
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		HttpResponse<String> page = browser.get("/page");
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<p id=\"subscribed\">" + id + "</p>");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			this.publisher.push("hello", "plain");
			assertThat(socket.next().toString()).isEqualTo("{\"channel\":\"plain\",\"payload\":\"hello\"}");
		}
	}

	@Test
	void errorPageOfARequestThatSubscribedGetsItsIdAndOtherErrorPagesGetNone() {
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		HttpResponse<String> failed = browser.send(java.net.http.HttpRequest.newBuilder(browser.uri("/subscribe-then-fail"))
			.header("Accept", "text/html")
			.GET()
			.build());
		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(failed.body()).contains("<h1>Failed</h1>");
		String id = RealtimeTestClient.connectionIdOf(failed.body());
		try (RealtimeTestSocket socket = browser.connect(id)) {
			this.publisher.push("after the failure", "plain");
			assertThat(socket.next().toString())
				.isEqualTo("{\"channel\":\"plain\",\"payload\":\"after the failure\"}");
		}
		RealtimeTestClient crawler = new RealtimeTestClient(this.port);
		HttpResponse<String> missing = crawler.send(java.net.http.HttpRequest.newBuilder(crawler.uri("/missing"))
			.header("Accept", "text/html")
			.GET()
			.build());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("<h1>Failed</h1>").doesNotContain("data-socket-connection-id");
		assertThat(missing.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void redirectsGetNoConnectionId() {
		HttpResponse<String> response = new RealtimeTestClient(this.port)
			.send(java.net.http.HttpRequest.newBuilder(new RealtimeTestClient(this.port).uri("/go")).GET().build());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).doesNotContain("socketConnectionId"));
	}

	@Test
	void exceptionHandlerViewGetsNoModelAttributeUnlessItsHandlerAddsIt() {
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		HttpResponse<String> handled = browser.get("/subscribe-then-fail-handled");
		assertThat(handled.statusCode()).isEqualTo(404);
		assertThat(handled.body()).contains("<h1>Failed</h1>").doesNotContain("data-socket-connection-id");
		HttpResponse<String> handledWithId = browser.get("/subscribe-then-fail-handled-with-id");
		assertThat(handledWithId.statusCode()).isEqualTo(404);
		String id = RealtimeTestClient.connectionIdOf(handledWithId.body());
		try (RealtimeTestSocket socket = browser.connect(id)) {
			this.publisher.push("after the handled failure", "plain");
			assertThat(socket.next().toString())
				.isEqualTo("{\"channel\":\"plain\",\"payload\":\"after the handled failure\"}");
		}
	}


	@Test
	void jsonViewResolvedByNameGetsNoIdAndTheRequestNoSession() {
		RealtimeTestClient client = new RealtimeTestClient(this.port);
		HttpResponse<String> json = client.get("/api/status");
		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json.body()).isEqualTo("{\"status\":\"up\"}");
		assertThat(json.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void redirectViewResolvedByNameGetsNoIdAndTheRequestNoSession() {
		RealtimeTestClient browser = new RealtimeTestClient(this.port);
		HttpResponse<String> response = browser.send(java.net.http.HttpRequest.newBuilder(browser.uri("/named-redirect"))
			.GET()
			.build());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/page"));
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

}
