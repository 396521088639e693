package dev.realtime.benchmark.ours;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.realtime.benchmark.server.BenchServerConfiguration;
import dev.realtime.benchmark.server.Pusher;
import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.web.ConnectionIssuer;
import dev.realtime.boot.web.SocketIdentity;

/**
 * This starter's side: a tiny app whose sockets are issued ids, subscribed before they connect
 * (as a page render does), and pushed to through {@link RealtimePublisher}.
 */
@SpringBootApplication
@Import(BenchServerConfiguration.class)
public class OursBenchApp {

	public static void main(String[] args) {
		SpringApplication.run(OursBenchApp.class, args);
	}

	@Bean
	Pusher pusher(RealtimePublisher publisher) {
		return publisher::push;
	}

	@RestController
	static class Connections {

		private final ConnectionIssuer issuer;

		private final LocalBroker broker;

		Connections(ConnectionIssuer issuer, LocalBroker broker) {
			this.issuer = issuer;
			this.broker = broker;
		}

		/**
		 * Issue {@code count} ids, each with its own key, subscribed to {@code channels} and,
		 * with {@code own}, to its own channel {@code own-<i>}; answers one "id key" line each.
		 */
		@PostMapping("/bench/connections")
		String connections(@RequestParam int count, @RequestParam(defaultValue = "") String channels,
				@RequestParam(defaultValue = "0") int first, @RequestParam(defaultValue = "false") boolean own) {
			StringBuilder lines = new StringBuilder(count * 130);
			for (int i = 0; i < count; i++) {
				String key = SocketSecrets.newSecret();
				SocketIdentity identity = this.issuer.issue(key);
				List<String> subscribed = new ArrayList<>();
				for (String channel : channels.split(",")) {
					if (!channel.isBlank()) {
						subscribed.add(channel);
					}
				}
				if (own) {
					subscribed.add("own-" + (first + i));
				}
				if (!subscribed.isEmpty()) {
					this.broker.subscribe(identity.digest(), subscribed);
				}
				lines.append(identity.connectionId()).append(' ').append(key).append('\n');
			}
			return lines.toString();
		}

	}

}
