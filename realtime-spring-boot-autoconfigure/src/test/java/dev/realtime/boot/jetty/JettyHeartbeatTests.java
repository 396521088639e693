package dev.realtime.boot.jetty;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.connection.HeartbeatTests;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * Pings on Jetty: a client whose network dropped answers neither the pings nor the close that
 * follows them, and is still let go within seconds, not after Jetty's 30 s idle timeout, so that
 * its id resumes.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "realtime.ping-interval=1s", "realtime.send.time-limit=1s", "realtime.resume-window=30s" })
@Tag("jetty")
class JettyHeartbeatTests {

	@LocalServerPort
	int port;

	@Autowired
	LiveConnections connections;

	@Test
	void silentClientIsLetGoSoonAfterItsPingsGoUnansweredAndItsIdResumesWithItsSubscriptions() throws Exception {
		HeartbeatTests.assertSilentClientIsLetGoAndItsIdResumes(this.port, this.connections);
	}

}
