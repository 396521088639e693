package dev.realtime.boot.testapp;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.realtime.boot.action.RealtimeAction;
import dev.realtime.boot.action.RealtimeActionException;
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
			public RealtimeReply handle(dev.realtime.boot.action.RealtimeMessage message) {
				if (!message.fields().has("channel")) {
					throw new RealtimeActionException(422, "leave needs a \"channel\"");
				}
				broker.unsubscribe(message.connection().digest(), List.of(message.fields().get("channel").asString()));
				return RealtimeReply.ok("left");
			}

		};
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
			public RealtimeReply handle(dev.realtime.boot.action.RealtimeMessage message) {
				throw new IllegalStateException("boom");
			}

		};
	}

}
