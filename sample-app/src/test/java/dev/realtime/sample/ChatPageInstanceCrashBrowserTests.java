package dev.realtime.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page, with the {@code redis} profile behind a load balancer, when the instance that
 * holds its socket is killed (SIGKILL: nothing closed, nothing released): the page's own client
 * comes back on the other instance with the same connection id, within the resume window, and
 * the room it had joined over the socket still reaches it. The "load balancer" is a proxy that
 * sends new connections to the instance it is told.
 */
class ChatPageInstanceCrashBrowserTests {

	private static final Pattern STARTED = Pattern.compile("(?:Tomcat|Jetty) started on port (\\d+)");

	// The client retries the same id for the resume window (30 s); the dead instance is missed
	// after a second here, and the client's backoff between attempts is at most 5 s.
	private static final Duration RESUMED_WITHIN = Duration.ofSeconds(20);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	@TempDir
	Path profiles;

	@BeforeAll
	static void chromiumAndChromedriverAreInstalled() {
		ChatBrowsers.requireChromium();
	}

	@Test
	void pageWhoseInstanceWasKilledResumesOnTheOtherWithItsIdAndItsRoom() throws Exception {
		List<String> properties = List.of("--spring.profiles.active=redis", "--server.port=0",
				"--spring.data.redis.port=" + redis.port(), "--realtime.redis.instance-timeout=1s");
		Process dying = startInOwnJvm(properties);
		try (ConfigurableApplicationContext surviving = new SpringApplicationBuilder(SampleApplication.class)
			.run(properties.toArray(String[]::new)); TcpProxy balancer = new TcpProxy(portOf(dying));
				ChatBrowsers browsers = new ChatBrowsers(balancer.port(), this.profiles)) {
			WebDriver page = browsers.openChat();
			ChatBrowsers.joinRoom(page, "lobby");
			JavascriptExecutor js = (JavascriptExecutor) page;
			String id = String.valueOf(js.executeScript("window.__first = window.realtime._socket;"
					+ " window.__renewed = false; window.realtime.addEventListener('renewed',"
					+ " function () { window.__renewed = true; }); return window.realtime.connectionId;"));

			balancer.sendNewConnectionsTo(Integer.parseInt(surviving.getEnvironment().getRequiredProperty("local.server.port")));
			dying.destroyForcibly();
			assertThat(dying.waitFor(10, TimeUnit.SECONDS)).isTrue();

			new WebDriverWait(page, RESUMED_WITHIN)
				.withMessage(() -> "the client did not come back; state " + js.executeScript("return window.realtime.state;"))
				.until((driver) -> Boolean.TRUE.equals(js.executeScript("return window.realtime._socket !== window.__first"
						+ " && window.realtime._socket.readyState === 1 && window.realtime.state === 'open';")));
			assertThat(js.executeScript("return window.realtime.connectionId;")).as("connection id").isEqualTo(id);
			assertThat(js.executeScript("return window.__renewed;")).as("renewed").isEqualTo(false);
			RealtimeTestClient poster = new RealtimeTestClient(
					Integer.parseInt(surviving.getEnvironment().getRequiredProperty("local.server.port")));
			assertThat(poster.postForm("/rooms/lobby/messages", "content=after the crash").statusCode()).isEqualTo(201);
			ChatBrowsers.awaitMessage(page, "after the crash");
		}
		finally {
			dying.destroyForcibly();
		}
	}

	private static Process startInOwnJvm(List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				SampleApplication.class.getName()));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	// Reads the instance's log until it tells its port; the rest is drained so that it never
	// blocks on a full pipe.
	private static int portOf(Process process) throws Exception {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		List<String> output = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					output.add(line);
					Matcher started = STARTED.matcher(line);
					if (started.find()) {
						port.complete(Integer.parseInt(started.group(1)));
					}
				}
			}
			catch (IOException ex) {
				// Killed.
			}
			port.completeExceptionally(new IllegalStateException("the instance exited without telling its port"));
		}, "dying-instance-output");
		reader.setDaemon(true);
		reader.start();
		try {
			return port.get(90, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("the instance told no port within 90 s; its output:\n"
					+ String.join("\n", output), ex);
		}
	}

}
