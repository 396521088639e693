package dev.realtime.boot.web;

import java.net.URI;

import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with a WebSocket endpoint of its own besides the realtime one: Tomcat's
 * message buffers, that endpoint's whole-message limit, stay at Tomcat's defaults.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class,
		TomcatMessageBuffersWithOtherEndpointsTests.EchoEndpointConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatMessageBuffersWithOtherEndpointsTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletContext servletContext;

	@Test
	void tomcatsMessageBuffersAreLeftAtTheirDefaults() {
		ServerContainers.assertMessageBufferDefaults(this.servletContext, 8192);
	}

	@Test
	void theOtherEndpointStillTakesA6KilobyteMessageAndTheRealtimeOneA60KilobyteMessage() throws Exception {
		String message = "y".repeat(6 * 1024);
		TextRoundTrip.assertEchoes(URI.create("ws://localhost:" + this.port + "/echo"), message);
		TestAppBrowser browser = new TestAppBrowser(this.port);
		try (RealtimeTestSocket realtime = browser.connect(browser.renderPage("/page"))) {
			String pad = "x".repeat(60 * 1024);
			JsonNode reply = realtime.request("{\"id\":\"big\",\"action\":\"ping\",\"pad\":\"" + pad + "\"}", "big");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class EchoEndpointConfiguration implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler() {

				@Override
				protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
					session.sendMessage(message);
				}

			}, "/echo");
		}

	}

}
