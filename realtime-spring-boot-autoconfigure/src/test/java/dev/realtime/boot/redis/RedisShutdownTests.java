package dev.realtime.boot.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.realtime.boot.support.RedisServer;
import dev.realtime.boot.test.RealtimeTestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance that shuts down keeps its sockets fed by the other instances until it closes them.
 */
class RedisShutdownTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	@Test
	void socketStillOpenDuringTheGracefulShutdownReceivesThePushesOfOtherInstances() throws Exception {
		try (Instance b = Instance.start("b", RedisSessionTestApplication.class, redis)) {
			Instance a = Instance.start("a", RedisSessionTestApplication.class, redis,
					"spring.lifecycle.timeout-per-shutdown-phase=20s");
			CompletableFuture<Void> closing = null;
			try (RealtimeTestSocket onA = a.browser().openPage("news")) {
				// A request in flight holds the web server's graceful shutdown, while the socket
				// is still open (it is closed with 1001 afterwards).
				CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient()
					.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + a.port() + "/route/slow?millis=4000"))
						.build(), HttpResponse.BodyHandlers.ofString());
				Thread.sleep(500);
				closing = CompletableFuture.runAsync(a::close);
				Thread.sleep(1000);
				assertThat(closing).isNotDone();
				b.browser().push("{\"n\":1}", "news");
				assertThat(onA.next(Duration.ofSeconds(5)).toString())
					.isEqualTo("{\"channel\":\"news\",\"payload\":{\"n\":1}}");
				assertThat(slow.get().body()).isEqualTo("slow done");
				assertThat(onA.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
			}
			finally {
				if (closing == null) {
					a.close();
				}
				else {
					closing.join();
				}
			}
		}
	}

}
