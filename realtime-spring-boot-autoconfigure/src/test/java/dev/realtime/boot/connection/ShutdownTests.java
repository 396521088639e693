package dev.realtime.boot.connection;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open sockets are closed with 1001 (going away) when the application shuts down, so that
 * clients know to reconnect (to another instance), rather than dropped by the stopping server.
 */
public class ShutdownTests {

	@Test
	void openSocketIsClosedWith1001WhenTheApplicationShutsDown() {
		assertOpenSocketIsClosedWith1001WhenTheApplicationShutsDown();
	}

	/**
	 * Start the test application, open a socket to it, shut the application down, and check
	 * that the socket was closed with 1001 and the shutdown was quick.
	 */
	public static void assertOpenSocketIsClosedWith1001WhenTheApplicationShutsDown() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(RealtimeTestApplication.class)
			.run("--server.port=0");
		try {
			int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
			try (RealtimeTestSocket socket = new TestAppBrowser(port).openPage("room")) {
				socket.ping();
				long started = System.nanoTime();
				context.close();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to shut down")
					.isLessThan(Duration.ofSeconds(5));
				assertThat(socket.awaitClose(Duration.ofSeconds(5))).as("close code").isEqualTo(1001);
			}
		}
		finally {
			context.close();
		}
	}

}
