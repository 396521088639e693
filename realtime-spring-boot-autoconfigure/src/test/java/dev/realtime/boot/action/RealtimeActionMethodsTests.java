package dev.realtime.boot.action;

import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Annotated action methods of beans that Spring proxies, as {@code @Async}, {@code @Transactional}
 * or {@code @Cacheable} do.
 */
class RealtimeActionMethodsTests {

	@Test
	void annotatedMethodOfABeanProxiedThroughItsInterfaceAnswers() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				InterfaceProxied.class)) {
			assertThat(Proxy.isProxyClass(context.getBean("greeter").getClass())).as("a JDK proxy").isTrue();
			List<RealtimeAction> actions = new RealtimeActionMethods(context.getBeanFactory(), JsonMapper.shared())
				.find();
			assertThat(actions).singleElement()
				.satisfies((action) -> assertThat(action.handle(null).body()).isEqualTo("hello from the bean"));
		}
	}

	@Test
	void privateAnnotatedMethodOfAProxiedBeanIsRefusedWhenFound() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				ClassProxied.class)) {
			assertThatIllegalStateException()
				.isThrownBy(() -> new RealtimeActionMethods(context.getBeanFactory(), JsonMapper.shared()).find());
		}
	}

	interface Greeter {

		void greetLater();

		String hello();

	}

	static class GreeterBean implements Greeter {

		private final String greeting = "hello from the bean";

		@Async
		@Override
		public void greetLater() {
		}

		@RealtimeActionMapping("hello")
		@Override
		public String hello() {
			return this.greeting;
		}

	}

	static class PlainBean {

		private final String greeting = "hello";

		@Async
		public void later() {
		}

		@RealtimeActionMapping("hello")
		private String hello() {
			return this.greeting;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class InterfaceProxied {

		@Bean
		Greeter greeter() {
			return new GreeterBean();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync(proxyTargetClass = true)
	static class ClassProxied {

		@Bean
		PlainBean plainBean() {
			return new PlainBean();
		}

	}

}
