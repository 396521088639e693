package dev.realtime.boot.connection;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.realtime.boot.registry.InMemoryRealtimeRegistry;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sockets closed at shutdown are released into their resume window before the shutdown
 * goes on to stop the server and what comes after it (the Redis connection, say): a socket
 * whose release came too late would stay live in a shared registry until its lease ran out,
 * and could not resume on another instance.
 */
class ShutdownReleaseTests {

	static final Set<String> released = ConcurrentHashMap.newKeySet();

	@Test
	void socketsClosedAtShutdownAreReleasedBeforeTheShutdownGoesOn() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(RealtimeTestApplication.class,
				SlowReleaseConfiguration.class)
			.run("--server.port=0");
		try {
			int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
			try (RealtimeTestSocket socket = new TestAppBrowser(port).openPage("room")) {
				socket.ping();
				context.close();
				assertThat(released).as("digests released when the shutdown returned").hasSize(1);
				assertThat(socket.awaitClose(Duration.ofSeconds(5))).as("close code").isEqualTo(1001);
			}
		}
		finally {
			context.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowReleaseConfiguration {

		// As a registry over the network: a release takes a while.
		@Bean
		InMemoryRealtimeRegistry slowlyReleasingRegistry() {
			return new InMemoryRealtimeRegistry(Duration.ofSeconds(1)) {

				@Override
				public void release(String digest, Duration resumeWindow) {
					try {
						Thread.sleep(500);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					super.release(digest, resumeWindow);
					released.add(digest);
				}

			};
		}

	}

}
