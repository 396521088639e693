package dev.realtime.boot.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.IssuedConnection;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance killed without closing its sockets (SIGKILL, as an OOM killer or a lost VM would)
 * leaves them resumable on the other instances once it is missed, with their subscriptions;
 * an instance that is alive keeps its sockets' ids to itself.
 */
class InstanceCrashTests {

	// Short, so that an instance is missed within a second or two rather than the default's ten.
	private static final String INSTANCE_TIMEOUT = "realtime.redis.instance-timeout=1s";

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	static Instance surviving;

	static Instance alive;

	@BeforeAll
	static void startInstances() {
		String[] properties = { INSTANCE_TIMEOUT, "realtime.resume-window=20s" };
		surviving = Instance.start("surviving", RealtimeTestApplication.class, redis, properties);
		alive = Instance.start("alive", RealtimeTestApplication.class, redis, properties);
	}

	@AfterAll
	static void stopInstances() {
		for (Instance instance : new Instance[] { surviving, alive }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void socketOfAKilledInstanceResumesOnAnotherWithItsSubscriptionsWellWithinTheResumeWindow() throws Exception {
		IssuedConnection issued = surviving.browser().issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		Process dying = startInstanceInItsOwnJvm();
		try {
			int port = portOf(dying);
			RealtimeTestSocket onDying = RealtimeTestSocket
				.connect(URI.create("ws://localhost:" + port + "/?socket_connection_id=" + id + "&socket_key=" + key),
						Map.of())
				.awaitBound();
			assertThat(onDying.call("POST", "/route/join", Map.of("channel", "after-crash")).status()).isEqualTo(204);
			dying.destroyForcibly();
			assertThat(dying.waitFor(10, TimeUnit.SECONDS)).isTrue();
			onDying.awaitClose();
		}
		finally {
			dying.destroyForcibly();
		}
		long killedAt = System.nanoTime();
		// As a client does: the same id and key, tried again every half second.
		RealtimeTestSocket resumed = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> surviving.connect(id, key), (opened) -> true);
		try (resumed) {
			assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(10));
			surviving.browser().push("{\"back\":true}", "after-crash");
			assertThat(resumed.next().toString()).isEqualTo("{\"channel\":\"after-crash\",\"payload\":{\"back\":true}}");
		}
	}

	@Test
	void socketOfAnInstanceThatIsAliveIsNeverTakenByAnother() throws Exception {
		IssuedConnection issued = surviving.browser().issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		try (RealtimeTestSocket onAlive = alive.connect(id, key)) {
			// Several times the instance timeout: the instance tells Redis it is alive meanwhile.
			for (int i = 0; i < 6; i++) {
				Thread.sleep(500);
				assertThat(surviving.refusalStatus(id, key)).isEqualTo(403);
			}
			assertThat(onAlive.isClosed()).isFalse();
			onAlive.ping();
		}
	}

	@Test
	void socketOfAnInstanceThatWasMissedClosesOnceItsClientResumedOnAnother() {
		IssuedConnection issued = surviving.browser().issueConnection();
		String id = issued.connectionId();
		String key = issued.socketKey();
		String instanceKey = alive.bean(RedisRealtimeRegistry.class).instanceKey();
		try (RealtimeTestSocket onAlive = alive.connect(id, key)) {
			// What a pause longer than the instance timeout leaves (a GC pause, Redis out of
			// reach): the instance's own key gone while its socket is still open.
			RealtimeTestSocket resumed = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> {
					redis.command("DEL", instanceKey);
					return surviving.connect(id, key);
				}, (opened) -> true);
			try (resumed) {
				assertThat(onAlive.awaitClose(Duration.ofSeconds(10))).isEqualTo(1008);
				assertThat(alive.refusalStatus(id, key)).isEqualTo(403);
				resumed.ping();
			}
		}
	}

	private static Process startInstanceInItsOwnJvm() throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				CrashingInstance.class.getName(), "--server.port=0", "--realtime.registry=redis",
				"--spring.data.redis.timeout=5s", "--spring.main.banner-mode=off", "--" + INSTANCE_TIMEOUT));
		redis.springProperties().forEach((property) -> command.add("--" + property));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectErrorStream(true);
		return builder.start();
	}

	// Reads the instance's output until it tells its port; the rest is drained so that it never
	// blocks on a full pipe.
	private static int portOf(Process process) throws Exception {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("port=")) {
						port.complete(Integer.parseInt(line.substring(5)));
					}
				}
			}
			catch (IOException ex) {
				// The process was killed.
			}
			port.completeExceptionally(new IllegalStateException("the instance exited without telling its port"));
		});
		reader.setDaemon(true);
		reader.start();
		return port.get(60, TimeUnit.SECONDS);
	}

}
