package dev.realtime.boot.web;

import java.net.URI;

import jakarta.servlet.ServletContext;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with a Jakarta {@code @ServerEndpoint} of its own, deployed by Spring's
 * {@link ServerEndpointExporter}: Tomcat's message buffers, that endpoint's whole-message
 * limit, stay at Tomcat's defaults.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class,
		TomcatMessageBuffersWithServerEndpointTests.JakartaEndpointConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatMessageBuffersWithServerEndpointTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletContext servletContext;

	@Test
	void theServerEndpointStillTakesA6KilobyteMessage() throws Exception {
		String message = "z".repeat(6 * 1024);
		TextRoundTrip.assertEchoes(URI.create("ws://localhost:" + this.port + "/jakarta-echo"), message);
		assertThat(ServerContainers.of(this.servletContext).getDefaultMaxTextMessageBufferSize()).isEqualTo(8192);
	}

	@Configuration(proxyBeanMethods = false)
	static class JakartaEndpointConfiguration {

		@Bean
		ServerEndpointExporter serverEndpointExporter() {
			ServerEndpointExporter exporter = new ServerEndpointExporter();
			exporter.setAnnotatedEndpointClasses(JakartaEcho.class);
			return exporter;
		}

	}

	@ServerEndpoint("/jakarta-echo")
	public static class JakartaEcho {

		@OnMessage
		public String echo(String message) {
			return message;
		}

		// The test's client aborts its socket once it has the echo.
		@OnError
		public void error(Throwable failure) {
		}

	}

}
