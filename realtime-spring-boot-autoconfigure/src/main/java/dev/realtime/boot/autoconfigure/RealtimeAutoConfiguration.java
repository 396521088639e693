package dev.realtime.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionDestroyedEvent;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.action.InboundMessages;
import dev.realtime.boot.action.PingAction;
import dev.realtime.boot.action.RealtimeAction;
import dev.realtime.boot.action.RealtimeActionMethods;
import dev.realtime.boot.broker.Backplane;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.broker.PushFrames;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.connection.SendLimits;
import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;
import dev.realtime.boot.handshake.RealtimeOriginHandshakeInterceptor;
import dev.realtime.boot.registry.InMemoryRealtimeRegistry;
import dev.realtime.boot.registry.RealtimeRegistry;
import dev.realtime.boot.route.CallRouteAction;
import dev.realtime.boot.route.CsrfExemptRouteRequests;
import dev.realtime.boot.route.RouteRequestCustomizer;
import dev.realtime.boot.web.ClientScriptEndpoint;
import dev.realtime.boot.web.ConnectionEndpoint;
import dev.realtime.boot.web.ConnectionIssuer;
import dev.realtime.boot.web.CsrfExemptConnectionEndpoint;
import dev.realtime.boot.web.DefaultRealtimePublisher;
import dev.realtime.boot.web.RealtimeSessionListener;
import dev.realtime.boot.web.RealtimeWebSocketHandler;
import dev.realtime.boot.web.RequestRealtimeSocket;
import dev.realtime.boot.web.SocketConnectionIdModelInterceptor;
import dev.realtime.boot.web.SpringSessionDestroyedListener;
import dev.realtime.boot.web.SpringSessionExpiryCheck;
import dev.realtime.boot.web.SpringSessionInvalidationFilter;
import dev.realtime.boot.web.TomcatMessageBuffers;
import dev.realtime.boot.web.UpgradeRequestAttributesFilter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * realtime channels over WebSocket in a servlet web application.
 */
// After Spring Session's, whose repository decides whether expired sessions are checked.
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, WebSocketHandler.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "realtime.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RealtimeProperties.class)
public final class RealtimeAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RealtimeAutoConfiguration.class);

	// A handler mapping ahead of annotated controllers: it only takes upgrade requests, so a
	// plain GET of the same path still reaches the application.
	private static final int HANDLER_MAPPING_ORDER = -2;

	private static final String ACTION_EXECUTOR_BEAN_NAME = "realtimeActionExecutor";

	// The registration name Spring Boot gives the DispatcherServlet, for filters mapped by name.
	private static final String DISPATCHER_SERVLET_NAME = "dispatcherServlet";

	@Bean
	@ConditionalOnMissingBean(RealtimeRegistry.class)
	@ConditionalOnProperty(name = "realtime.registry", havingValue = "memory", matchIfMissing = true)
	InMemoryRealtimeRegistry realtimeRegistry(RealtimeProperties properties) {
		Duration shortest = min(properties.getResumeWindow(), properties.getIssuedIdTimeToLive());
		return new InMemoryRealtimeRegistry(clamp(shortest.dividedBy(4), Duration.ofMillis(10), Duration.ofSeconds(5)));
	}

	@Bean
	@ConditionalOnMissingBean
	LiveConnections realtimeLiveConnections(RealtimeProperties properties,
			ObjectProvider<RealtimeObserver> observers) {
		RealtimeProperties.Send send = properties.getSend();
		return new LiveConnections(new SendLimits(send.getTimeLimit(), send.getBufferSizeLimit().toBytes()),
				send.getThreads(), properties.getPingInterval(), observer(observers), send.isCoalesce());
	}

	@Bean
	LiveConnectionsLifecycle realtimeLiveConnectionsLifecycle(LiveConnections connections,
			RealtimeProperties properties) {
		return new LiveConnectionsLifecycle(connections, properties.getSend().getTimeLimit());
	}

	@Bean
	@ConditionalOnMissingBean
	PushFrames realtimePushFrames(ObjectProvider<JsonMapper> jsonMapper) {
		return new PushFrames(jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	@Bean
	@ConditionalOnMissingBean
	LocalBroker realtimeBroker(RealtimeRegistry registry, LiveConnections connections, PushFrames frames,
			ObjectProvider<Backplane> backplane, ObjectProvider<RealtimeObserver> observers) {
		return new LocalBroker(registry, connections, frames, backplane.getIfAvailable(() -> Backplane.NONE),
				observer(observers));
	}

	@Bean
	@ConditionalOnMissingBean(RealtimePublisher.class)
	DefaultRealtimePublisher realtimePublisher(LocalBroker broker) {
		return new DefaultRealtimePublisher(broker);
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionIssuer realtimeConnectionIssuer(RealtimeRegistry registry, RealtimeProperties properties) {
		return new ConnectionIssuer(registry, properties.getIssuedIdTimeToLive());
	}

	@Bean
	@ConditionalOnMissingBean(RealtimeSocket.class)
	RequestRealtimeSocket realtimeSocket(ConnectionIssuer issuer, LocalBroker broker, RealtimePublisher publisher) {
		return new RequestRealtimeSocket(issuer, broker, publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	PingAction realtimePingAction() {
		return new PingAction();
	}

	@Bean
	@ConditionalOnMissingBean
	RealtimeActionMethods realtimeActionMethods(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new RealtimeActionMethods(beanFactory, jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	// Not a default candidate: injected by its name only, so that it is neither the Executor
	// that the application's own injection points get by type nor one that makes Spring Boot's
	// applicationTaskExecutor (@Async, Spring MVC's async requests) back off.
	@Bean(name = ACTION_EXECUTOR_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = ACTION_EXECUTOR_BEAN_NAME)
	ThreadPoolTaskExecutor realtimeActionExecutor(RealtimeProperties properties) {
		RealtimeProperties.Actions actions = properties.getActions();
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(actions.getThreads());
		executor.setMaxPoolSize(actions.getThreads());
		executor.setQueueCapacity(actions.getQueueCapacity());
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadNamePrefix("realtime-action-");
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean
	InboundMessages realtimeInboundMessages(ObjectProvider<RealtimeAction> actions,
			RealtimeActionMethods actionMethods, ObjectProvider<JsonMapper> jsonMapper,
			@Qualifier(ACTION_EXECUTOR_BEAN_NAME) Executor actionExecutor, RealtimeProperties properties,
			ObjectProvider<RealtimeObserver> observers) {
		Supplier<List<RealtimeAction>> allActions = () -> {
			List<RealtimeAction> found = new ArrayList<>(actions.orderedStream().toList());
			found.addAll(actionMethods.find());
			return found;
		};
		return new InboundMessages(allActions, actionMethods.order(), jsonMapper.getIfAvailable(JsonMapper::shared),
				actionExecutor, properties.getMaxInFlight(), observer(observers));
	}

	@Bean
	@ConditionalOnMissingBean
	RealtimeHandshakeInterceptor realtimeHandshakeInterceptor(RealtimeRegistry registry,
			RealtimeProperties properties, ObjectProvider<RealtimeObserver> observers) {
		return new RealtimeHandshakeInterceptor(registry, properties.getResumeWindow(), observer(observers));
	}

	@Bean
	@ConditionalOnMissingBean
	RealtimeWebSocketHandler realtimeWebSocketHandler(RealtimeRegistry registry, LiveConnections connections,
			LocalBroker broker, InboundMessages inbound, RealtimeProperties properties) {
		return new RealtimeWebSocketHandler(registry, connections, broker, inbound, properties.getResumeWindow(),
				Math.toIntExact(properties.getMaxMessageSize().toBytes()), properties.getSend().getTimeLimit());
	}

	@Bean
	@ConditionalOnMissingBean(name = "realtimeWebSocketHandlerMapping")
	WebSocketHandlerMapping realtimeWebSocketHandlerMapping(RealtimeWebSocketHandler handler,
			RealtimeHandshakeInterceptor handshakeInterceptor, RealtimeProperties properties,
			RealtimeRegistry registry, ObjectProvider<RealtimeObserver> observers) {
		String path = properties.getPath();
		RealtimeOriginHandshakeInterceptor originInterceptor = new RealtimeOriginHandshakeInterceptor(
				observer(observers));
		originInterceptor.setAllowedOriginPatterns(properties.getAllowedOrigins());
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		requestHandler.setHandshakeInterceptors(List.of(originInterceptor, handshakeInterceptor));
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setWebSocketUpgradeMatch(true);
		mapping.setUrlMap(Map.of(path, requestHandler));
		mapping.setOrder(HANDLER_MAPPING_ORDER);
		logger.info("Realtime channels on WebSocket endpoint '" + path + "' (registry: "
				+ registry.getClass().getSimpleName() + ", max message size: " + readable(properties.getMaxMessageSize())
				+ ", send limits: " + properties.getSend().getTimeLimit().toMillis() + " ms / "
				+ readable(properties.getSend().getBufferSizeLimit()) + ", max in flight: " + properties.getMaxInFlight()
				+ ")");
		return mapping;
	}

	@Bean
	@ConditionalOnMissingBean(name = "realtimeConnectionEndpoint")
	@ConditionalOnBooleanProperty(name = "realtime.connection-endpoint.enabled", matchIfMissing = true)
	RouterFunction<ServerResponse> realtimeConnectionEndpoint(ConnectionIssuer issuer, RealtimeProperties properties) {
		return new ConnectionEndpoint(issuer).route(properties.getConnectionEndpoint().getPath());
	}

	@Bean
	@ConditionalOnMissingBean(name = "realtimeClientScriptEndpoint")
	@ConditionalOnBooleanProperty(name = "realtime.client.enabled", matchIfMissing = true)
	RouterFunction<ServerResponse> realtimeClientScriptEndpoint(RealtimeProperties properties,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new ClientScriptEndpoint(properties.getPath(), properties.getConnectionEndpoint().getPath(),
				properties.getResumeWindow(), jsonMapper.getIfAvailable(JsonMapper::shared))
			.route(properties.getClient().getPath());
	}

	@Bean
	@ConditionalOnMissingBean
	SocketConnectionIdModelInterceptor realtimeSocketConnectionIdModelInterceptor(RealtimeSocket socket) {
		return new SocketConnectionIdModelInterceptor(socket);
	}

	@Bean
	WebMvcConfigurer realtimeWebMvcConfigurer(SocketConnectionIdModelInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor);
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	RealtimeSessionListener realtimeSessionListener(LiveConnections connections) {
		return new RealtimeSessionListener(connections);
	}

	// Metrics, when on, are an observer defined by another auto-configuration; the realtime
	// beans only need to be told, whoever listens.
	private static RealtimeObserver observer(ObjectProvider<RealtimeObserver> observers) {
		return RealtimeObserver.of(observers.orderedStream().toList());
	}

	// As the properties are usually written: 64KB rather than DataSize's 65536B.
	private static String readable(DataSize size) {
		long bytes = size.toBytes();
		if (bytes != 0 && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + "MB";
		}
		if (bytes != 0 && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration clamp(Duration value, Duration low, Duration high) {
		return (value.compareTo(low) < 0) ? low : (value.compareTo(high) > 0) ? high : value;
	}

	// Asked for Redis without Spring Data Redis: RealtimeRedisAutoConfiguration does not apply,
	// and the startup would otherwise fail for want of a registry, a message that says nothing
	// of Redis. An application that defines its own registry needs none.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "realtime.registry", havingValue = "redis")
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
	static class MissingSpringDataRedisConfiguration {

		@Bean
		@ConditionalOnMissingBean(RealtimeRegistry.class)
		RealtimeRegistry realtimeRedisRegistry() {
			throw new MissingSpringDataRedisException();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MockHttpServletRequest.class)
	static class CallRouteConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CallRouteAction realtimeCallRouteAction(ApplicationContext context,
				ObjectProvider<DispatcherServlet> dispatcherServlet, ObjectProvider<RouteRequestCustomizer> customizers,
				@Qualifier(ACTION_EXECUTOR_BEAN_NAME) Executor actionExecutor, Environment environment,
				ObjectProvider<RealtimeObserver> observers, RealtimeProperties properties) {
			if (!(context instanceof WebApplicationContext webContext)) {
				throw new IllegalStateException("call-route needs a web application context");
			}
			return new CallRouteAction(webContext, dispatcherServlet::getObject, DISPATCHER_SERVLET_NAME,
					environment.getProperty("server.error.path", "/error"), customizers.orderedStream().toList(),
					actionExecutor, observer(observers),
					Math.toIntExact(properties.getCallRoute().getMaxReplySize().toBytes()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MockHttpServletRequest.class, CsrfFilter.class })
	static class SpringSecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CsrfExemptRouteRequests realtimeCsrfExemptRouteRequests() {
			return new CsrfExemptRouteRequests();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(CsrfFilter.class)
	@ConditionalOnBooleanProperty(name = "realtime.connection-endpoint.enabled", matchIfMissing = true)
	static class ConnectionEndpointSecurityConfiguration {

		// Ahead of Spring Security's filter (spring.security.filter.order, -100 by default).
		@Bean
		@ConditionalOnMissingBean(name = "realtimeConnectionEndpointCsrfExemption")
		FilterRegistrationBean<CsrfExemptConnectionEndpoint> realtimeConnectionEndpointCsrfExemption(
				RealtimeProperties properties) {
			FilterRegistrationBean<CsrfExemptConnectionEndpoint> registration = new FilterRegistrationBean<>(
					new CsrfExemptConnectionEndpoint(properties.getConnectionEndpoint().getPath()));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SessionDestroyedEvent.class, SessionRepositoryFilter.class })
	static class SpringSessionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpringSessionDestroyedListener realtimeSpringSessionDestroyedListener(LiveConnections connections) {
			return new SpringSessionDestroyedListener(connections);
		}

		// Right after Spring Session's filter, whose wrapped request it wraps in turn.
		@Bean
		@ConditionalOnMissingBean(name = "realtimeSpringSessionInvalidationFilter")
		FilterRegistrationBean<SpringSessionInvalidationFilter> realtimeSpringSessionInvalidationFilter(
				LiveConnections connections, ObjectProvider<Backplane> backplane,
				ObjectProvider<SpringSessionExpiryCheck> expiryCheck, Environment environment) {
			FilterRegistrationBean<SpringSessionInvalidationFilter> registration = new FilterRegistrationBean<>(
					new SpringSessionInvalidationFilter(connections, backplane.getIfAvailable(() -> Backplane.NONE),
							expiryCheck.getIfAvailable()));
			registration.setOrder(environment.getProperty("spring.session.servlet.filter-order", Integer.class,
					SessionRepositoryFilter.DEFAULT_ORDER) + 1);
			registration.setDispatcherTypes(DispatcherType.ASYNC, DispatcherType.ERROR, DispatcherType.REQUEST);
			return registration;
		}

		// Most repositories publish no event when a session expires: without the check, its
		// sockets would go on receiving its channels for as long as they stay open.
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(SessionRepository.class)
		SpringSessionExpiryCheck realtimeSpringSessionExpiryCheck(LiveConnections connections,
				SessionRepository<?> sessions, RealtimeProperties properties) {
			return new SpringSessionExpiryCheck(connections, sessions,
					properties.getSession().getExpiryCheckInterval());
		}

	}

	// Backs off when the application sizes the container itself, with Spring's factory bean.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.tomcat.websocket.server.WsServerContainer")
	@ConditionalOnMissingBean(type = "org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean")
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TomcatMessageBuffers realtimeTomcatMessageBuffers(WebApplicationContext context) {
			return new TomcatMessageBuffers(context);
		}

	}

	// Jetty keeps each upgrade's request for as long as its socket is open: what the application
	// left on it is released once the upgrade is answered.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.eclipse.jetty.server.Server")
	static class JettyConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "realtimeUpgradeRequestAttributesFilter")
		FilterRegistrationBean<UpgradeRequestAttributesFilter> realtimeUpgradeRequestAttributesFilter() {
			FilterRegistrationBean<UpgradeRequestAttributesFilter> registration = new FilterRegistrationBean<>(
					new UpgradeRequestAttributesFilter());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

	}

}
