package dev.realtime.boot.jetty;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.SlowConsumerTests;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading is closed by the send buffer limit on Jetty as on Tomcat: dropped
 * well before a send time limit of 30 s could, never holding up the others.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.send.buffer-size-limit=256KB", "realtime.send.time-limit=30s" })
@ExtendWith(OutputCaptureExtension.class)
@Tag("jetty")
class JettySlowConsumerTests {

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Autowired
	LiveConnections connections;

	@Test
	void stalledClientIsClosedByTheBufferLimitWhileOthersReceiveEverything(CapturedOutput output) {
		// Within 10 s: the close frame waits behind a write that the client will never read, and
		// Jetty, which has no time limit of its own for it, must not wait for the 30 s time limit.
		SlowConsumerTests.assertStalledClientIsClosedWhileOthersReceiveEverything(new TestAppBrowser(this.port),
				this.publisher, this.connections);
		assertThat(output).contains("(1013): send buffer limit of 262144 bytes exceeded");
	}

}
