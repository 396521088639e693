package dev.realtime.boot.action;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actions are looked up once, however many sockets send their first message together, as
 * clients do when a server that just started takes them all back.
 */
@SpringBootTest(classes = { RealtimeTestApplication.class, ActionsResolvedOnceTests.CountingLookup.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ActionsResolvedOnceTests {

	static final AtomicInteger lookups = new AtomicInteger();

	@LocalServerPort
	int port;

	@Test
	void firstMessagesArrivingTogetherLookUpTheActionsOnce() throws Exception {
		// Each visitor opens a page and waits for a ping's answer: eight first messages at once.
		ExecutorService visitors = Executors.newFixedThreadPool(8);
		List<CompletableFuture<RealtimeTestSocket>> opened = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				opened.add(CompletableFuture.supplyAsync(() -> new TestAppBrowser(this.port).openPage("room"),
						visitors));
			}
			for (CompletableFuture<RealtimeTestSocket> socket : opened) {
				JsonNode reply = socket.get(30, TimeUnit.SECONDS).request("{\"id\":\"p\",\"action\":\"ping\"}", "p");
				assertThat(reply.get("body").asString()).isEqualTo("pong");
			}
		}
		finally {
			visitors.shutdownNow();
			for (CompletableFuture<RealtimeTestSocket> socket : opened) {
				socket.thenAccept(RealtimeTestSocket::close);
			}
		}
		assertThat(lookups).hasValue(1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CountingLookup {

		@Bean
		RealtimeActionMethods realtimeActionMethods(ConfigurableListableBeanFactory beanFactory) {
			return new RealtimeActionMethods(beanFactory, JsonMapper.shared()) {

				@Override
				public List<RealtimeAction> find() {
					lookups.incrementAndGet();
					try {
						// As long as a cold scan of a large application takes: long enough
						// for the other first messages to arrive meanwhile.
						Thread.sleep(300);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return super.find();
				}

			};
		}

	}

}
