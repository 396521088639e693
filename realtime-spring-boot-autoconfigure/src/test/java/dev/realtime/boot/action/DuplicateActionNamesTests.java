package dev.realtime.boot.action;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.annotation.Order;

import dev.realtime.boot.autoconfigure.RealtimeAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two handlers of one action name: a mistake fails the startup, naming both; a replacement of a
 * built-in action, or handlers told apart with {@link Order @Order}, does not.
 */
class DuplicateActionNamesTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RealtimeAutoConfiguration.class));

	@Test
	void twoAnnotatedMethodsWithOneActionNameFailTheStartupNamingBoth() {
		this.contextRunner.withBean("chatActions", ChatActions.class)
			.withBean("otherChatActions", OtherChatActions.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("'typing'")
				.hasMessageContaining("ChatActions.typing()")
				.hasMessageContaining("OtherChatActions.typing()")
				.hasMessageContaining("@Order"));
	}

	@Test
	void anActionBeanAndAnAnnotatedMethodWithOneNameFailTheStartupNamingBoth() {
		this.contextRunner.withBean("chatActions", ChatActions.class)
			.withBean("typingAction", RealtimeAction.class, TypingAction::new)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("'typing'")
				.hasMessageContaining("ChatActions.typing()")
				.hasMessageContaining(TypingAction.class.getName()));
	}

	@Test
	void twoActionBeansWithOneNameFailTheStartup() {
		this.contextRunner.withBean("typingAction", RealtimeAction.class, TypingAction::new)
			.withBean("otherTypingAction", RealtimeAction.class, TypingAction::new)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("'typing'"));
	}

	@Test
	void handlersOfOneNameToldApartByOrderStart() {
		this.contextRunner.withBean("chatActions", ChatActions.class)
			.withBean("preferredChatActions", PreferredChatActions.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void applicationsActionsNamedLikeTheBuiltInOnesReplaceThemWithoutConflict() {
		this.contextRunner.withBean("customPing", RealtimeAction.class, () -> new NamedAction("ping"))
			.withBean("routeSwitch", RouteSwitch.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	static class ChatActions {

		@RealtimeActionMapping("typing")
		String typing() {
			return "typing";
		}

	}

	static class OtherChatActions {

		@RealtimeActionMapping("typing")
		String typing() {
			return "also typing";
		}

	}

	static class PreferredChatActions {

		@RealtimeActionMapping("typing")
		@Order(1)
		String typing() {
			return "preferred";
		}

	}

	static class RouteSwitch {

		@RealtimeActionMapping("call-route")
		String callRoute() {
			return "routes are off";
		}

	}

	static class TypingAction extends NamedAction {

		TypingAction() {
			super("typing");
		}

	}

	static class NamedAction implements RealtimeAction {

		private final String name;

		NamedAction(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public RealtimeReply handle(RealtimeMessage message) {
			return RealtimeReply.ok(this.name);
		}

	}

}
