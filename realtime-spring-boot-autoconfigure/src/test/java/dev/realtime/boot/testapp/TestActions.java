package dev.realtime.boot.testapp;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.realtime.boot.action.RealtimeAction;
import dev.realtime.boot.action.RealtimeActionException;
import dev.realtime.boot.action.RealtimeActionMapping;
import dev.realtime.boot.action.RealtimeMessage;
import dev.realtime.boot.action.RealtimeReply;
import dev.realtime.boot.broker.LocalBroker;

/**
 * Actions an application adds as beans.
 */
@Configuration(proxyBeanMethods = false)
class TestActions {

	/** Leaves the channel named in the message's {@code channel} field. */
	@Bean
	RealtimeAction leaveAction(LocalBroker broker) {
		return new RealtimeAction() {

			@Override
			public String name() {
				return "leave";
			}

			@Override
			public RealtimeReply handle(RealtimeMessage message) {
				if (!message.fields().has("channel")) {
					throw new RealtimeActionException(422, "leave needs a \"channel\"");
				}
				broker.unsubscribe(message.connection().digest(), List.of(message.fields().get("channel").asString()));
				return RealtimeReply.ok("left");
			}

		};
	}

	/** Joins the channel named in the message's {@code channel} field; answers the digest. */
	@Bean
	RealtimeAction joinAction(LocalBroker broker) {
		return new RealtimeAction() {

			@Override
			public String name() {
				return "join";
			}

			@Override
			public RealtimeReply handle(RealtimeMessage message) {
				broker.subscribe(message.connection().digest(), List.of(message.fields().get("channel").asString()));
				return RealtimeReply.ok(message.connection().digest());
			}

		};
	}

	/** An action as an annotated method, answering with JSON. */
	@Bean
	AnnotatedActions annotatedActions() {
		return new AnnotatedActions();
	}

	static class AnnotatedActions {

		@RealtimeActionMapping("shout")
		Map<String, String> shout(RealtimeMessage message) {
			return Map.of("shouted", message.fields().path("text").asString().toUpperCase(Locale.ROOT));
		}

		@RealtimeActionMapping("slow-action")
		String slowAction() throws InterruptedException {
			Thread.sleep(1500);
			return "slow action done";
		}

	}

	/** Fails, to show that a failing action answers 500 and leaves the socket open. */
	@Bean
	RealtimeAction failingAction() {
		return new RealtimeAction() {

			@Override
			public String name() {
				return "fail";
			}

			@Override
			public RealtimeReply handle(RealtimeMessage message) {
				throw new IllegalStateException("boom");
			}

		};
	}

}
