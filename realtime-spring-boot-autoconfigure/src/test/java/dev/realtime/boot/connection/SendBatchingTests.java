package dev.realtime.boot.connection;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.WebSocketSession;

import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;
import dev.realtime.boot.web.SessionRecordingHandlerConfiguration;
import dev.realtime.boot.web.SessionRecordingHandlerConfiguration.RecordingHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames that queue up for a socket go out in bursts through the container's batching, not
 * one write each, on Tomcat here and on Jetty in {@code JettyTests}, whatever decorates the
 * container's session.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, SessionRecordingHandlerConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
public class SendBatchingTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingHandler handler;

	@Autowired
	LiveConnections connections;

	@Test
	void framesQueuedForASocketGoOutInBurstsOnTomcat() {
		assertSocketWritesInBursts(new TestAppBrowser(this.port), this.handler, this.connections);
	}

	public static void assertSocketWritesInBursts(TestAppBrowser browser, RecordingHandler handler,
			LiveConnections connections) {
		String id = browser.renderPage("/page");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			WebSocketSession session = handler.session(id);
			RealtimeConnection connection = connections
				.get((String) session.getAttributes().get(RealtimeHandshakeInterceptor.DIGEST_ATTRIBUTE));
			assertThat(connection).isNotNull();
			assertThat(connection.writesInBursts()).as("frames written in bursts").isTrue();
		}
	}

}
