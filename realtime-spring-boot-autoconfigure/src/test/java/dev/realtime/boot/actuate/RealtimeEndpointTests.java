package dev.realtime.boot.actuate;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code realtime} Actuator endpoint over HTTP, exposed as an application exposes any
 * endpoint.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,realtime", "realtime.actuator.top-channels=2",
				"realtime.send.time-limit=7s" })
class RealtimeEndpointTests {

	@LocalServerPort
	int port;

	@Test
	void endpointShowsCountsTheBusiestChannelsAndTheConfigurationButNoSecret() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String firstId = browser.renderPage("/page?channel=busy&channel=medium&channel=quiet");
		String secondId = browser.renderPage("/page?channel=busy&channel=medium");
		IssuedConnection issued = browser.issueConnection();
		try (RealtimeTestSocket first = browser.connect(firstId); RealtimeTestSocket second = browser.connect(secondId);
				RealtimeTestSocket third = browser.openPage("busy");
				RealtimeTestSocket nonBrowser = browser.connect(issued)) {
			HttpResponse<String> response = browser.get("/actuator/realtime");

			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = JsonMapper.shared().readTree(response.body());
			assertThat(body.get("connections").asInt()).isEqualTo(4);
			assertThat(body.get("channels").asInt()).isEqualTo(3);
			assertThat(body.get("subscriptions").asInt()).isEqualTo(6);
			assertThat(body.get("registry").get("kind").asString()).isEqualTo("InMemoryRealtimeRegistry");
			assertThat(body.get("registry").get("entries").asInt()).isGreaterThanOrEqualTo(4);
			assertThat(body.get("busiestChannels").toString())
				.isEqualTo("[{\"channel\":\"busy\",\"subscribers\":3},{\"channel\":\"medium\",\"subscribers\":2}]");
			JsonNode configuration = body.get("configuration");
			assertThat(configuration.get("path").asString()).isEqualTo("/");
			assertThat(configuration.get("send.time-limit").asString()).isEqualTo("PT7S");
			assertThat(configuration.get("send.buffer-size-limit").asString()).isEqualTo("524288B");
			assertThat(configuration.get("connection-endpoint.path").asString()).isEqualTo("/realtime/connection");
			assertThat(configuration.get("max-in-flight").asInt()).isEqualTo(16);
			assertThat(configuration.get("registry").asString()).isEqualTo("memory");
			assertThat(configuration.get("send.coalesce").asBoolean()).isTrue();
			assertThat(configuration.get("redis.prefix").asString()).isEqualTo("realtime:");
			assertThat(configuration.get("actuator.top-channels").asInt()).isEqualTo(2);
			for (String secret : List.of(firstId, secondId, issued.connectionId(), issued.socketKey(),
					SocketSecrets.digest(issued.socketKey(), issued.connectionId()))) {
				assertThat(response.body()).doesNotContain(secret);
			}
		}
	}

	@Test
	void endpointIsListedWithTheOtherActuatorEndpoints() {
		HttpResponse<String> response = new TestAppBrowser(this.port).get("/actuator");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonMapper.shared().readTree(response.body()).get("_links").has("realtime")).isTrue();
	}

}
