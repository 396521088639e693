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
	void redirectsGetNoConnectionId() {
		HttpResponse<String> response = new RealtimeTestClient(this.port)
			.send(java.net.http.HttpRequest.newBuilder(new RealtimeTestClient(this.port).uri("/go")).GET().build());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).doesNotContain("socketConnectionId"));
	}

}
