package dev.realtime.benchmark.stomp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.realtime.benchmark.server.BenchServerConfiguration;
import dev.realtime.benchmark.server.Pusher;

/**
 * Spring's STOMP over WebSocket with its SimpleBroker, as its reference guide sets it up:
 * endpoint {@code /stomp}, topics under {@code /topic}, pushes through
 * {@link SimpMessagingTemplate}. Send limits are Spring's defaults (10 s, 512 KB), the same as
 * this starter's.
 */
@SpringBootApplication
@Import(BenchServerConfiguration.class)
public class StompBenchApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(StompBenchApp.class).properties("realtime.enabled=false").run(args);
	}

	@Bean
	Pusher pusher(SimpMessagingTemplate template) {
		return (payload, channel) -> template.convertAndSend("/topic/" + channel, payload);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class StompConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
			registry.setApplicationDestinationPrefixes("/app");
		}

	}

}
