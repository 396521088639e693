package dev.realtime.boot.connection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading is closed by the send time limit when its buffer is allowed to
 * grow, and never holds up the others.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.send.buffer-size-limit=1GB", "realtime.send.time-limit=1s" })
@ExtendWith(OutputCaptureExtension.class)
class SlowConsumerTimeLimitTests {

	@LocalServerPort
	int port;

	@Autowired
	RealtimePublisher publisher;

	@Autowired
	LiveConnections connections;

	@Autowired
	MeterRegistry registry;

	@Test
	void stalledClientIsClosedByTheTimeLimitWhileOthersReceiveEverything(CapturedOutput output) {
		Counter closed = this.registry.get("realtime.send.closed").tag("reason", "time").counter();
		double before = closed.count();
		SlowConsumerTests.assertStalledClientIsClosedWhileOthersReceiveEverything(new TestAppBrowser(this.port),
				this.publisher, this.connections);
		assertThat(output).contains("(1013): send time limit of 1000 ms exceeded");
		// Tomcat's warning when it must flush a batch of frames on close, waiting on the stalled
		// write once more: bursts are written so that it never has to.
		assertThat(output).doesNotContain("Failed to flush batched messages");
		assertThat(closed.count()).as("sockets closed by the time limit").isEqualTo(before + 1);
	}

}
