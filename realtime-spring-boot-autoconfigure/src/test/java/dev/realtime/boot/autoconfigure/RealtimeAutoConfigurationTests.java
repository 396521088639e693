package dev.realtime.boot.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thymeleaf.spring6.SpringTemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.events.SessionDestroyedEvent;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.action.InboundMessages;
import dev.realtime.boot.action.PingAction;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.broker.PushFrames;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.action.RealtimeActionMethods;
import dev.realtime.boot.connection.SendLimits;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.registry.InMemoryRealtimeRegistry;
import dev.realtime.boot.registry.RealtimeRegistry;
import dev.realtime.boot.route.CallRouteAction;
import dev.realtime.boot.route.CsrfExemptRouteRequests;
import dev.realtime.boot.thymeleaf.RealtimeDialect;
import dev.realtime.boot.web.ConnectionIssuer;
import dev.realtime.boot.web.DefaultRealtimePublisher;
import dev.realtime.boot.web.RealtimeSessionListener;
import dev.realtime.boot.web.RealtimeWebSocketHandler;
import dev.realtime.boot.web.RequestRealtimeSocket;
import dev.realtime.boot.web.SocketConnectionIdModelInterceptor;
import dev.realtime.boot.web.SpringSessionDestroyedListener;
import dev.realtime.boot.web.SpringSessionExpiryCheck;
import dev.realtime.boot.web.TomcatMessageBuffers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link RealtimeAutoConfiguration} and
 * {@link RealtimeThymeleafAutoConfiguration}.
 */
class RealtimeAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ThymeleafAutoConfiguration.class,
				RealtimeAutoConfiguration.class, RealtimeThymeleafAutoConfiguration.class));

	@Test
	void registersTheRealtimeBeans() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(InMemoryRealtimeRegistry.class)
			.hasSingleBean(LiveConnections.class)
			.hasSingleBean(LocalBroker.class)
			.hasSingleBean(RealtimePublisher.class)
			.hasSingleBean(RealtimeSocket.class)
			.hasSingleBean(RealtimeHandshakeInterceptor.class)
			.hasSingleBean(RealtimeWebSocketHandler.class)
			.hasSingleBean(PingAction.class)
			.hasSingleBean(RealtimeSessionListener.class)
			.hasSingleBean(SpringSessionDestroyedListener.class)
			.hasSingleBean(RealtimeDialect.class)
			.hasSingleBean(CallRouteAction.class)
			.hasSingleBean(CsrfExemptRouteRequests.class)
			.hasBean("realtimeActionExecutor")
			.hasBean("realtimeClientScriptEndpoint")
			.hasBean("realtimeWebSocketHandlerMapping")
			.hasBean("realtimeConnectionEndpoint"));
	}

	@Test
	void noCallRouteWithoutSpringsServletRequestImplementation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MockHttpServletRequest.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CallRouteAction.class)
				.doesNotHaveBean(CsrfExemptRouteRequests.class)
				.hasSingleBean(PingAction.class));
	}

	@Test
	void noCsrfExemptionWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CsrfFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CsrfExemptRouteRequests.class)
				.hasSingleBean(CallRouteAction.class));
	}

	@Test
	void sizesTomcatsMessageBuffersOnTomcat() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TomcatMessageBuffers.class));
	}

	@Test
	void leavesTomcatsMessageBuffersToAnApplicationThatSizesThemItself() {
		this.contextRunner.withBean(ServletServerContainerFactoryBean.class, UnstartedContainerFactoryBean::new)
			.run((context) -> assertThat(context).doesNotHaveBean(TomcatMessageBuffers.class)
				.hasSingleBean(RealtimeWebSocketHandler.class));
	}

	@Test
	void noTomcatMessageBuffersWithoutTomcat() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.tomcat.websocket"))
			.run((context) -> assertThat(context).doesNotHaveBean(TomcatMessageBuffers.class)
				.hasSingleBean(RealtimeWebSocketHandler.class));
	}

	@Test
	void upgradeRequestsAreLeftAloneWithoutJetty() {
		// Tomcat recycles an upgrade's request itself; only Jetty keeps it with the socket.
		this.contextRunner.run((context) -> assertThat(context)
			.doesNotHaveBean("realtimeUpgradeRequestAttributesFilter")
			.hasSingleBean(RealtimeWebSocketHandler.class));
	}

	@Test
	void clientScriptCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("realtime.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("realtimeClientScriptEndpoint")
				.hasBean("realtimeConnectionEndpoint"));
	}

	@Test
	void actionExecutorIsBoundedByTheActionsProperties() {
		this.contextRunner.withPropertyValues("realtime.actions.threads=3", "realtime.actions.queue-capacity=7")
			.run((context) -> {
				ThreadPoolTaskExecutor executor = context.getBean("realtimeActionExecutor",
						ThreadPoolTaskExecutor.class);
				assertThat(executor.getMaxPoolSize()).isEqualTo(3);
				assertThat(executor.getQueueCapacity()).isEqualTo(7);
			});
	}

	@Test
	void theApplicationsTaskExecutorIsStillAutoConfigured() {
		// Spring Boot's applicationTaskExecutor (@Async, Spring MVC's async requests) backs off
		// for any Executor bean of the application; the starter's own must not count as one.
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasBean("applicationTaskExecutor").hasBean("realtimeActionExecutor");
				assertThat(context.getBean(TaskExecutor.class))
					.isSameAs(context.getBean("applicationTaskExecutor"));
			});
	}

	@Test
	void callRouteBacksOffForTheUsersOwn() {
		CallRouteAction own = new CallRouteAction(new GenericWebApplicationContext(), () -> {
			throw new IllegalStateException();
		}, "dispatcherServlet", "/error", List.of(), Runnable::run);
		this.contextRunner.withBean(CallRouteAction.class, () -> own)
			.run((context) -> assertThat(context).getBean(CallRouteAction.class).isSameAs(own));
	}

	@Test
	void endpointTakesOnlyUpgradesAtTheConfiguredPath() {
		this.contextRunner.withPropertyValues("realtime.path=/live").run((context) -> {
			WebSocketHandlerMapping mapping = context.getBean("realtimeWebSocketHandlerMapping",
					WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/live");
			assertThat(mapping).hasFieldOrPropertyWithValue("webSocketUpgradeMatch", true);
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void startupLogsTheEndpointPathTheRegistryKindAndTheLimits(CapturedOutput output) {
		this.contextRunner.withPropertyValues("realtime.path=/live", "realtime.send.time-limit=3s", "realtime.max-in-flight=4")
			.run((context) -> assertThat(output).contains("Realtime channels on WebSocket endpoint '/live'")
				.contains("registry: InMemoryRealtimeRegistry")
				.contains("max message size: 64KB")
				.contains("send limits: 3000 ms / 512KB")
				.contains("max in flight: 4"));
	}

	@Test
	void disabledLeavesNoRealtimeBeanAndNoEndpoint() {
		this.contextRunner.withPropertyValues("realtime.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RealtimeRegistry.class)
				.doesNotHaveBean(RealtimeSocket.class)
				.doesNotHaveBean(RealtimePublisher.class)
				.doesNotHaveBean(LiveConnections.class)
				.doesNotHaveBean(RealtimeDialect.class)
				.doesNotHaveBean("realtimeWebSocketHandlerMapping")
				.doesNotHaveBean("realtimeConnectionEndpoint");
			assertThat(context.getBeanNamesForType(RealtimeProperties.class)).isEmpty();
		});
	}

	@Test
	void connectionEndpointCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("realtime.connection-endpoint.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("realtimeConnectionEndpoint")
				.hasBean("realtimeWebSocketHandlerMapping"));
	}

	@Test
	void noDialectWithoutThymeleaf() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SpringTemplateEngine.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeDialect.class)
				.hasSingleBean(SocketConnectionIdModelInterceptor.class));
	}

	@Test
	void noSpringSessionListenerWithoutSpringSession() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SessionDestroyedEvent.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SpringSessionDestroyedListener.class)
				.doesNotHaveBean(SpringSessionExpiryCheck.class)
				.hasSingleBean(RealtimeSessionListener.class));
	}

	@Test
	void noSessionExpiryCheckWithoutASessionRepository() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SpringSessionExpiryCheck.class));
	}

	@Test
	void sessionExpiryCheckAsksTheApplicationsSessionRepositoryEveryThirtySecondsByDefault() {
		this.contextRunner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new HashMap<>()))
			.run((context) -> assertThat(context.getBean(SpringSessionExpiryCheck.class).interval())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void sessionExpiryCheckIntervalIsConfigurable() {
		this.contextRunner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new HashMap<>()))
			.withPropertyValues("realtime.session.expiry-check-interval=5s")
			.run((context) -> assertThat(context.getBean(SpringSessionExpiryCheck.class).interval())
				.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void sessionExpiryCheckIsOffWithAZeroInterval() {
		this.contextRunner.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new HashMap<>()))
			.withPropertyValues("realtime.session.expiry-check-interval=0")
			.run((context) -> assertThat(context.getBean(SpringSessionExpiryCheck.class).interval()).isZero());
	}

	@Test
	void sessionExpiryCheckAsksSpringSessionsDefaultRedisRepository() {
		this.contextRunner.withBean(RedisSessionRepository.class, () -> new RedisSessionRepository(new RedisTemplate<>()))
			.run((context) -> assertThat(context.getBean(SpringSessionExpiryCheck.class).interval())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void sessionExpiryCheckLeavesARepositoryThatPublishesExpiryEventsAlone() {
		this.contextRunner
			.withBean(RedisIndexedSessionRepository.class,
					() -> new RedisIndexedSessionRepository(new RedisTemplate<>()))
			.run((context) -> assertThat(context.getBean(SpringSessionExpiryCheck.class).interval()).isZero());
	}

	@Test
	void noSessionExpiryCheckWhenTheSessionRepositoryIsAmbiguous() {
		this.contextRunner.withBean("one", MapSessionRepository.class, () -> new MapSessionRepository(new HashMap<>()))
			.withBean("other", MapSessionRepository.class, () -> new MapSessionRepository(new HashMap<>()))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpringSessionExpiryCheck.class));
	}

	@Test
	void noRealtimeBeansOutsideAServletWebApplication() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RealtimeSocket.class));
	}

	@Test
	void pushFramesUseTheApplicationsJsonMapper() {
		JsonMapper applicationMapper = JsonMapper.builder().build();
		this.contextRunner.withBean(JsonMapper.class, () -> applicationMapper)
			.run((context) -> assertThat(context.getBean(PushFrames.class))
				.hasFieldOrPropertyWithValue("jsonMapper", applicationMapper));
	}

	@Test
	void propertiesAreBound() {
		this.contextRunner
			.withPropertyValues("realtime.resume-window=5s", "realtime.issued-id-time-to-live=2m",
					"realtime.max-message-size=8KB", "realtime.send.time-limit=3s",
					"realtime.send.buffer-size-limit=1MB", "realtime.allowed-origins=https://*.example.com",
					"realtime.connection-endpoint.path=/ids", "realtime.ping-interval=0",
					"realtime.max-in-flight=4", "realtime.client.path=/js/live.js",
					"realtime.session.expiry-check-interval=1m")
			.run((context) -> {
				RealtimeProperties properties = context.getBean(RealtimeProperties.class);
				assertThat(properties.getResumeWindow()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getIssuedIdTimeToLive()).isEqualTo(Duration.ofMinutes(2));
				assertThat(properties.getMaxMessageSize().toBytes()).isEqualTo(8 * 1024);
				assertThat(properties.getSend().getTimeLimit()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getSend().getBufferSizeLimit().toBytes()).isEqualTo(1024 * 1024);
				assertThat(properties.getAllowedOrigins()).containsExactly("https://*.example.com");
				assertThat(properties.getConnectionEndpoint().getPath()).isEqualTo("/ids");
				assertThat(properties.getPingInterval()).isZero();
				assertThat(properties.getMaxInFlight()).isEqualTo(4);
				assertThat(properties.getClient().getPath()).isEqualTo("/js/live.js");
				assertThat(properties.getSession().getExpiryCheckInterval()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("userBeans")
	void backsOffWhenTheUserDefinesTheBean(Class<Object> type, Supplier<Object> userBean) {
		Object bean = userBean.get();
		this.contextRunner.withBean("user" + type.getSimpleName(), type, () -> bean)
			.run((context) -> assertThat(context).getBean(type).isSameAs(bean));
	}

	static Stream<Arguments> userBeans() {
		InMemoryRealtimeRegistry registry = new InMemoryRealtimeRegistry(Duration.ofSeconds(1));
		LiveConnections connections = new LiveConnections(new SendLimits(Duration.ofSeconds(1), 1024), 1,
				Duration.ZERO);
		PushFrames frames = new PushFrames(JsonMapper.shared());
		LocalBroker broker = new LocalBroker(registry, connections, frames);
		ConnectionIssuer issuer = new ConnectionIssuer(registry, Duration.ofSeconds(1));
		DefaultRealtimePublisher publisher = new DefaultRealtimePublisher(broker);
		RequestRealtimeSocket socket = new RequestRealtimeSocket(issuer, broker, publisher);
		InboundMessages inbound = new InboundMessages(List::of, JsonMapper.shared(), Runnable::run, 1);
		return Stream.of(arguments(RealtimeRegistry.class, () -> registry),
				arguments(LiveConnections.class, () -> connections), arguments(PushFrames.class, () -> frames),
				arguments(LocalBroker.class, () -> broker), arguments(RealtimePublisher.class, () -> publisher),
				arguments(ConnectionIssuer.class, () -> issuer), arguments(RealtimeSocket.class, () -> socket),
				arguments(PingAction.class, PingAction::new), arguments(InboundMessages.class, () -> inbound),
				arguments(RealtimeHandshakeInterceptor.class,
						() -> new RealtimeHandshakeInterceptor(registry, Duration.ofSeconds(1))),
				arguments(RealtimeWebSocketHandler.class,
						() -> new RealtimeWebSocketHandler(registry, connections, broker, inbound,
								Duration.ofSeconds(1), 1024, Duration.ofSeconds(1))),
				arguments(SocketConnectionIdModelInterceptor.class, () -> new SocketConnectionIdModelInterceptor(socket)),
				arguments(RealtimeSessionListener.class, () -> new RealtimeSessionListener(connections)),
				arguments(SpringSessionDestroyedListener.class, () -> new SpringSessionDestroyedListener(connections)),
				arguments(SpringSessionExpiryCheck.class,
						() -> new SpringSessionExpiryCheck(connections, new MapSessionRepository(new HashMap<>()),
								Duration.ZERO)),
				arguments(RealtimeDialect.class, () -> new RealtimeDialect(socket)),
				arguments(CsrfExemptRouteRequests.class, CsrfExemptRouteRequests::new),
				arguments(TomcatMessageBuffers.class,
						() -> new TomcatMessageBuffers(new GenericWebApplicationContext())),
				arguments(RealtimeActionMethods.class,
						() -> new RealtimeActionMethods(new DefaultListableBeanFactory(), JsonMapper.shared())));
	}

	@Test
	void handlerMappingBacksOffByName() {
		WebSocketHandlerMapping userMapping = new WebSocketHandlerMapping();
		this.contextRunner.withBean("realtimeWebSocketHandlerMapping", WebSocketHandlerMapping.class, () -> userMapping)
			.run((context) -> assertThat(context.getBean("realtimeWebSocketHandlerMapping")).isSameAs(userMapping));
	}

	@Test
	void connectionEndpointBacksOffByName() {
		Object userEndpoint = RouterFunctions.route().GET("/x", (request) -> null).build();
		this.contextRunner.withBean("realtimeConnectionEndpoint", Object.class, () -> userEndpoint)
			.run((context) -> assertThat(context.getBean("realtimeConnectionEndpoint")).isSameAs(userEndpoint));
	}

	private static Arguments arguments(Class<?> type, Supplier<?> bean) {
		return Arguments.of(type, bean);
	}

	// The application's own sizing of the container; there is no container to size in a context
	// without a server.
	static class UnstartedContainerFactoryBean extends ServletServerContainerFactoryBean {

		@Override
		public void afterPropertiesSet() {
		}

	}

}
