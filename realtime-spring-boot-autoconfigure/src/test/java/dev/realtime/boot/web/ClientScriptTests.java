package dev.realtime.boot.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client's reconnect logic, checked by {@code src/test/js/realtime-client.test.js}
 * with Node's test runner against the script as it is served, on a clock and sockets that the
 * test moves by hand (the sample app's Chromium tests check the client end to end).
 */
class ClientScriptTests {

	@Test
	void browserClientReconnectsAsItsNodeTestsExpect() throws IOException, InterruptedException {
		ProcessBuilder node = new ProcessBuilder("node", "--test", Path.of("src/test/js/realtime-client.test.js").toString())
			.redirectErrorStream(true);
		node.environment()
			.put("REALTIME_JS", Path.of("src/main/resources/dev/realtime/boot/web/realtime.js").toAbsolutePath().toString());
		Process process = node.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
	}

}
