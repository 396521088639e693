package dev.realtime.boot.web;

import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.WebSocketSession;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;
import dev.realtime.boot.web.SessionRecordingHandlerConfiguration.RecordingHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Tomcat the container's message buffers, which it allocates for every socket, stay small
 * from the moment a socket opens, and messages up to {@code realtime.max-message-size} are put
 * together by the handler. (The same on Jetty: {@code JettyTests}; with other WebSocket
 * endpoints: {@link TomcatMessageBuffersWithOtherEndpointsTests}.)
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, SessionRecordingHandlerConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ContainerMessageLimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingHandler handler;

	@Autowired
	ServletContext servletContext;

	@Test
	void tomcatAllocatesEverySocket2KilobyteMessageBuffersWhenItOpens() {
		ServerContainers.assertMessageBufferDefaults(this.servletContext, 2048);
	}

	@Test
	void tomcatsPerSocketBufferStaysAt2KilobytesAndA60KilobyteMessageIsAnswered() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		String id = browser.renderPage("/page");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			WebSocketSession session = this.handler.session(id);
			assertThat(session.getTextMessageSizeLimit()).isEqualTo(2048);
			assertThat(session.getBinaryMessageSizeLimit()).isEqualTo(2048);
			String pad = "x".repeat(60 * 1024);
			JsonNode reply = socket.request("{\"id\":\"big\",\"action\":\"ping\",\"pad\":\"" + pad + "\"}", "big");
			assertThat(reply.get("status").asInt()).isEqualTo(200);
		}
	}

}
