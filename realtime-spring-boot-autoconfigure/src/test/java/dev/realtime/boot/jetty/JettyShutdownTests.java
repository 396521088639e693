package dev.realtime.boot.jetty;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.realtime.boot.connection.ShutdownTests;

/**
 * The open sockets are closed with 1001 when the application shuts down on Jetty too.
 */
@Tag("jetty")
class JettyShutdownTests {

	@Test
	void openSocketIsClosedWith1001WhenTheApplicationShutsDown() {
		ShutdownTests.assertOpenSocketIsClosedWith1001WhenTheApplicationShutsDown();
	}

}
