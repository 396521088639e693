package dev.realtime.boot.redis;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An instance started while its Redis cannot be reached fails to start, and says so as Spring
 * Boot reports a failed startup: what could not be reached, and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisUnreachableAtStartupTests {

	@Test
	void instanceStartedWhileRedisIsAwayFailsWithAReportSayingRedisCouldNotBeReachedAndWhatToDo(CapturedOutput output)
			throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(RealtimeTestApplication.class).run(
				"--server.port=0", "--realtime.registry=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + closedPort, "--spring.data.redis.timeout=1s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Realtime channels are set to share pushes between instances through Redis"
					+ " (realtime.registry=redis), which must answer at startup")
			.contains("Redis could not be reached: Unable to connect to Redis; Unable to connect to 127.0.0.1")
			.contains(":" + closedPort)
			.contains("Start Redis, or point spring.data.redis.* (host and port, or url) at the Redis the other"
					+ " instances use");
	}

}
