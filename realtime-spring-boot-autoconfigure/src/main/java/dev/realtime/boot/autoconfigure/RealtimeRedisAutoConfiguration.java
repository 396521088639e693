package dev.realtime.boot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.NamedNode;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.WebSocketHandler;

import dev.realtime.boot.broker.Backplane;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.connection.LiveConnections;
import dev.realtime.boot.redis.RedisBackplane;
import dev.realtime.boot.redis.RedisRealtimeRegistry;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * several instances on Redis ({@code realtime.registry=redis}): the registry kept in Redis and
 * the pub/sub backplane, over the application's {@link RedisConnectionFactory} (Spring Boot's
 * {@code spring.data.redis.*}).
 */
@AutoConfiguration(before = RealtimeAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, WebSocketHandler.class, JsonMapper.class, RedisConnectionFactory.class,
		RedisMessageListenerContainer.class })
@ConditionalOnBooleanProperty(name = "realtime.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "realtime.registry", havingValue = "redis")
@EnableConfigurationProperties(RealtimeProperties.class)
public final class RealtimeRedisAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RealtimeRedisAutoConfiguration.class);

	static final String LISTENER_CONTAINER = "realtimeRedisMessageListenerContainer";

	@Bean
	@ConditionalOnMissingBean(RealtimeRegistry.class)
	RedisRealtimeRegistry realtimeRedisRegistry(RedisConnectionFactory connectionFactory,
			RealtimeProperties properties, ObjectProvider<LocalBroker> broker,
			ObjectProvider<LiveConnections> connections) {
		// The broker and the sockets need the registry: they are looked up when a renewal first
		// finds a digest gone, or taken over.
		return new RedisRealtimeRegistry(new StringRedisTemplate(connectionFactory),
				properties.getRedis().getPrefix(), RedisRealtimeRegistry.DEFAULT_LIVE_LEASE,
				properties.getRedis().getInstanceTimeout(), properties.getResumeWindow(),
				(digest, action) -> broker.getObject().withOpenSubscriptions(digest, action),
				(digest) -> connections.getObject().closeHeldElsewhere(digest));
	}

	@Bean(LISTENER_CONTAINER)
	@ConditionalOnMissingBean(name = LISTENER_CONTAINER)
	RedisMessageListenerContainer realtimeRedisMessageListenerContainer(RedisConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		// In order, on the connection's thread: the default executor runs each message on a
		// thread of its own, which loses the per-channel order. The listener only queues frames.
		container.setTaskExecutor(new SyncTaskExecutor());
		// Stopped after the sockets are closed with 1001, not first (its default phase): the
		// sockets still open during the web server's graceful shutdown keep receiving the
		// pushes of the other instances. Still before the connection factory (phase 0).
		container.setPhase(LiveConnectionsLifecycle.PHASE - 1);
		return container;
	}

	@Bean
	@ConditionalOnMissingBean(Backplane.class)
	RedisBackplane realtimeRedisBackplane(RedisConnectionFactory connectionFactory,
			@Qualifier(LISTENER_CONTAINER) RedisMessageListenerContainer container, RealtimeProperties properties,
			ObjectProvider<LocalBroker> broker, ObjectProvider<LiveConnections> connections,
			ObjectProvider<JsonMapper> jsonMapper) {
		String prefix = properties.getRedis().getPrefix();
		String channelPrefix = channelPrefix(prefix, connectionFactory);
		RedisBackplane backplane = new RedisBackplane(new StringRedisTemplate(connectionFactory), container,
				channelPrefix, broker::getObject, (sessionDigest) -> connections.getObject().closeSession(sessionDigest),
				jsonMapper.getIfAvailable(JsonMapper::shared));
		// The other instances name this one by its id when they miss its pushes.
		logger.info("Realtime channels shared with other instances through Redis at " + describe(connectionFactory)
				+ " (keys under '" + prefix + "', pub/sub channels under '" + channelPrefix
				+ "'); this instance is " + backplane.instanceId() + " in the other instances' logs");
		return backplane;
	}

	// Where the application's connection goes, never with its password.
	private static String describe(RedisConnectionFactory connectionFactory) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			return "the application's " + connectionFactory.getClass().getSimpleName();
		}
		String tls = lettuce.getClientConfiguration().isUseSsl() ? ", over TLS" : "";
		RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
		if (sentinel != null) {
			NamedNode master = sentinel.getMaster();
			return "master '" + ((master != null) ? master.getName() : "?") + "' of Sentinel "
					+ sentinel.getSentinels() + ", database " + lettuce.getDatabase() + tls;
		}
		return lettuce.getHostName() + ":" + lettuce.getPort() + ", database " + lettuce.getDatabase() + tls;
	}

	// Redis pub/sub knows no databases: a message published on a connection to database 1
	// reaches the subscribers on every database. Applications kept apart by their database
	// number (spring.data.redis.database, or the url's) would receive each other's pushes, so
	// the channels of a database other than 0 carry its number, as Spring Session's do.
	static String channelPrefix(String prefix, RedisConnectionFactory connectionFactory) {
		int database = (connectionFactory instanceof LettuceConnectionFactory lettuce) ? lettuce.getDatabase() : 0;
		return (database != 0) ? prefix + "db" + database + ":" : prefix;
	}

}
