package dev.realtime.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for realtime channels. Values that cannot work (a negative
 * duration, a size or a number of threads of zero, a path without its leading slash, two
 * endpoints on one path) fail the startup with the property named.
 */
@ConfigurationProperties("realtime")
public class RealtimeProperties implements Validator {

	/**
	 * Whether to enable realtime channels.
	 */
	private boolean enabled = true;

	/**
	 * Path of the WebSocket endpoint. Only requests that ask for a WebSocket upgrade are taken,
	 * so a plain GET of the same path still reaches the application.
	 */
	private String path = "/";

	/**
	 * Origins allowed to open a socket besides the application's own, as origins or patterns
	 * such as "https://*.example.com". Same-origin requests, and clients that send no Origin
	 * header (not browsers), are always allowed.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * How long a socket that closed may reconnect with the same connection id and key and get
	 * its subscriptions back.
	 */
	private Duration resumeWindow = Duration.ofSeconds(30);

	/**
	 * How long an issued connection id waits for its socket before it expires.
	 */
	private Duration issuedIdTimeToLive = Duration.ofSeconds(60);

	/**
	 * How often the server pings each socket. A socket whose client answers nothing for two
	 * intervals (a network that dropped without a word) is closed, so that its id may resume
	 * within the resume window. Zero disables pings.
	 */
	private Duration pingInterval = Duration.ofSeconds(25);

	/**
	 * Largest text message accepted from a client, in UTF-8 bytes; a larger one closes the
	 * socket with 1009.
	 */
	private DataSize maxMessageSize = DataSize.ofKilobytes(64);

	/**
	 * Most messages one socket may have waiting for their replies; more get a 429 error reply.
	 */
	private int maxInFlight = 16;

	/**
	 * Where connection ids and subscriptions are kept: "memory" for a single instance, or
	 * "redis" to share them, and every push, between instances through the application's
	 * Spring Data Redis connection.
	 */
	private RegistryType registry = RegistryType.MEMORY;

	private final Send send = new Send();

	private final Actions actions = new Actions();

	private final CallRoute callRoute = new CallRoute();

	private final Client client = new Client();

	private final Redis redis = new Redis();

	private final Session session = new Session();

	private final ConnectionEndpoint connectionEndpoint = new ConnectionEndpoint();

	private final Actuator actuator = new Actuator();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public Duration getResumeWindow() {
		return this.resumeWindow;
	}

	public void setResumeWindow(Duration resumeWindow) {
		this.resumeWindow = resumeWindow;
	}

	public Duration getIssuedIdTimeToLive() {
		return this.issuedIdTimeToLive;
	}

	public void setIssuedIdTimeToLive(Duration issuedIdTimeToLive) {
		this.issuedIdTimeToLive = issuedIdTimeToLive;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	public RegistryType getRegistry() {
		return this.registry;
	}

	public void setRegistry(RegistryType registry) {
		this.registry = registry;
	}

	public Send getSend() {
		return this.send;
	}

	public Actions getActions() {
		return this.actions;
	}

	public CallRoute getCallRoute() {
		return this.callRoute;
	}

	public Client getClient() {
		return this.client;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Session getSession() {
		return this.session;
	}

	public ConnectionEndpoint getConnectionEndpoint() {
		return this.connectionEndpoint;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	@Override
	public boolean supports(Class<?> type) {
		return RealtimeProperties.class.isAssignableFrom(type);
	}

	// Called by Spring Boot once the properties are bound: a value rejected here fails the
	// startup with the property, its value and the reason, rather than a socket that cannot work.
	@Override
	public void validate(Object target, Errors errors) {
		RealtimeProperties properties = (RealtimeProperties) target;
		notNegative(errors, "resumeWindow", properties.getResumeWindow());
		positive(errors, "issuedIdTimeToLive", properties.getIssuedIdTimeToLive());
		notNegative(errors, "pingInterval", properties.getPingInterval());
		positive(errors, "maxMessageSize", properties.getMaxMessageSize());
		if (properties.getMaxMessageSize() != null
				&& properties.getMaxMessageSize().toBytes() > Integer.MAX_VALUE) {
			errors.rejectValue("maxMessageSize", "tooLarge", "must be at most " + Integer.MAX_VALUE + " bytes");
		}
		atLeast(errors, "maxInFlight", properties.getMaxInFlight(), 1);
		positive(errors, "send.timeLimit", properties.getSend().getTimeLimit());
		positive(errors, "send.bufferSizeLimit", properties.getSend().getBufferSizeLimit());
		atLeast(errors, "send.threads", properties.getSend().getThreads(), 1);
		atLeast(errors, "actions.threads", properties.getActions().getThreads(), 1);
		atLeast(errors, "actions.queueCapacity", properties.getActions().getQueueCapacity(), 0);
		positive(errors, "callRoute.maxReplySize", properties.getCallRoute().getMaxReplySize());
		if (properties.getCallRoute().getMaxReplySize() != null
				&& properties.getCallRoute().getMaxReplySize().toBytes() > Integer.MAX_VALUE) {
			errors.rejectValue("callRoute.maxReplySize", "tooLarge", "must be at most " + Integer.MAX_VALUE + " bytes");
		}
		atLeast(errors, "actuator.topChannels", properties.getActuator().getTopChannels(), 0);
		notNegative(errors, "session.expiryCheckInterval", properties.getSession().getExpiryCheckInterval());
		positive(errors, "redis.instanceTimeout", properties.getRedis().getInstanceTimeout());
		// The JavaScript client and the CSRF exemption take these paths as they are, below the
		// context path: without the leading slash they name no path of the application.
		absolutePath(errors, "path", properties.getPath());
		absolutePath(errors, "client.path", properties.getClient().getPath());
		absolutePath(errors, "connectionEndpoint.path", properties.getConnectionEndpoint().getPath());
		// Only upgrades are taken at the socket path, so that the application keeps its other
		// requests; the two endpoints answer GET, and one of them would hide the other.
		if (properties.getConnectionEndpoint().isEnabled()) {
			distinctPaths(errors, "connectionEndpoint.path", properties.getConnectionEndpoint().getPath(),
					"realtime.path", properties.getPath());
			if (properties.getClient().isEnabled()) {
				distinctPaths(errors, "connectionEndpoint.path", properties.getConnectionEndpoint().getPath(),
						"realtime.client.path", properties.getClient().getPath());
			}
		}
		if (properties.getClient().isEnabled()) {
			distinctPaths(errors, "client.path", properties.getClient().getPath(), "realtime.path",
					properties.getPath());
		}
	}

	private static void absolutePath(Errors errors, String field, String value) {
		if (value == null || !value.startsWith("/")) {
			errors.rejectValue(field, "notAbsolute", "must start with '/'");
		}
	}

	private static void distinctPaths(Errors errors, String field, String value, String otherProperty,
			String otherValue) {
		if (value != null && value.equals(otherValue)) {
			errors.rejectValue(field, "samePath", "must differ from " + otherProperty);
		}
	}

	private static void notNegative(Errors errors, String field, Duration value) {
		if (value == null || value.isNegative()) {
			errors.rejectValue(field, "negative", "must not be negative");
		}
	}

	private static void positive(Errors errors, String field, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "notPositive", "must be longer than zero");
		}
	}

	private static void positive(Errors errors, String field, DataSize value) {
		if (value == null || value.toBytes() <= 0) {
			errors.rejectValue(field, "notPositive", "must be larger than zero");
		}
	}

	private static void atLeast(Errors errors, String field, int value, int least) {
		if (value < least) {
			errors.rejectValue(field, "tooSmall", "must be at least " + least);
		}
	}

	/**
	 * Limits on what one slow client may hold up.
	 */
	public static class Send {

		/**
		 * Longest time one frame may take to reach a client; a socket over it is closed with
		 * 1013.
		 */
		private Duration timeLimit = Duration.ofSeconds(10);

		/**
		 * Most data that may wait to be sent to one client; a socket over it is closed with
		 * 1013.
		 */
		private DataSize bufferSizeLimit = DataSize.ofKilobytes(512);

		// More writers than CPUs only take the CPU from the threads that push: fewer frames
		// then queue up per socket to be written together.
		/**
		 * Number of threads that write frames to sockets. Writes to a socket are queued, so a
		 * push never waits for a client; these threads do the writing. A thread held up
		 * writing to a client that stopped reading is made up for by another, up to four times
		 * this number, until the send limits close that client. Defaults to the number of
		 * CPUs, at least 2.
		 */
		private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());

		/**
		 * Whether the frames that queue up for a socket while it is being written to are
		 * written in one go, where the container allows it (the Jakarta WebSocket API's
		 * batching, as on Tomcat). A lone frame is always written at once.
		 */
		private boolean coalesce = true;

		public Duration getTimeLimit() {
			return this.timeLimit;
		}

		public void setTimeLimit(Duration timeLimit) {
			this.timeLimit = timeLimit;
		}

		public DataSize getBufferSizeLimit() {
			return this.bufferSizeLimit;
		}

		public void setBufferSizeLimit(DataSize bufferSizeLimit) {
			this.bufferSizeLimit = bufferSizeLimit;
		}

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public boolean isCoalesce() {
			return this.coalesce;
		}

		public void setCoalesce(boolean coalesce) {
			this.coalesce = coalesce;
		}

	}

	/**
	 * The executor that runs the actions clients send (call-route among them), off the
	 * sockets' I/O threads.
	 */
	public static class Actions {

		/**
		 * Number of threads that run actions. Routes called over sockets run on them, as
		 * routes called over HTTP run on the server's request threads.
		 */
		private int threads = 32;

		/**
		 * Most actions that may wait for a thread; more get a 503 error reply.
		 */
		private int queueCapacity = 1000;

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * Routes called over sockets with the call-route action.
	 */
	public static class CallRoute {

		/**
		 * Largest body of a route's reply; the body is held in memory until the route is
		 * done, so a route that writes more gets an error reply (502) instead, and the server
		 * holds no more than this meanwhile.
		 */
		private DataSize maxReplySize = DataSize.ofKilobytes(512);

		public DataSize getMaxReplySize() {
			return this.maxReplySize;
		}

		public void setMaxReplySize(DataSize maxReplySize) {
			this.maxReplySize = maxReplySize;
		}

	}

	/**
	 * The JavaScript client served by the application.
	 */
	public static class Client {

		/**
		 * Whether to serve the JavaScript client.
		 */
		private boolean enabled = true;

		/**
		 * Path the JavaScript client is served at.
		 */
		private String path = "/realtime/realtime.js";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * The connection id endpoint for non-browser clients.
	 */
	public static class ConnectionEndpoint {

		/**
		 * Whether to serve the connection id endpoint.
		 */
		private boolean enabled = true;

		/**
		 * Path of the connection id endpoint. POST answers a new connection id and socket key
		 * (clients without a browser), GET a fresh connection id for the session's key (the
		 * JavaScript client, after its id died).
		 */
		private String path = "/realtime/connection";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Where connection ids and subscriptions are kept.
	 */
	public enum RegistryType {

		/**
		 * In this instance's memory: a single instance.
		 */
		MEMORY,

		/**
		 * In Redis, shared by every instance, with pushes carried between instances over
		 * Redis pub/sub.
		 */
		REDIS

	}

	/**
	 * Several instances on Redis, used when the registry is "redis".
	 */
	public static class Redis {

		/**
		 * Prefix of every Redis key and pub/sub channel used for realtime channels.
		 */
		private String prefix = "realtime:";

		/**
		 * How long an instance may go without telling Redis that it is alive (it tells every
		 * fifth of this) before the sockets it held may resume on another instance. Sockets of
		 * an instance that died without closing them resume once it has been missed for this
		 * long, so keep it well below the resume window.
		 */
		private Duration instanceTimeout = Duration.ofSeconds(10);

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public Duration getInstanceTimeout() {
			return this.instanceTimeout;
		}

		public void setInstanceTimeout(Duration instanceTimeout) {
			this.instanceTimeout = instanceTimeout;
		}

	}

	/**
	 * HTTP sessions kept by Spring Session.
	 */
	public static class Session {

		/**
		 * How often the Spring Session repository is asked whether the sessions with sockets
		 * open on this instance still exist, once per session, so that the sockets of one that
		 * expired are closed with 1008. Only for repositories that publish no session expiry
		 * events (Spring Session's default Redis repository, JDBC, the map). Zero disables the
		 * check.
		 */
		private Duration expiryCheckInterval = Duration.ofSeconds(30);

		public Duration getExpiryCheckInterval() {
			return this.expiryCheckInterval;
		}

		public void setExpiryCheckInterval(Duration expiryCheckInterval) {
			this.expiryCheckInterval = expiryCheckInterval;
		}

	}

	/**
	 * The "realtime" Actuator endpoint.
	 */
	public static class Actuator {

		/**
		 * Number of the busiest channels, by subscribed sockets, that the endpoint shows.
		 */
		private int topChannels = 10;

		public int getTopChannels() {
			return this.topChannels;
		}

		public void setTopChannels(int topChannels) {
			this.topChannels = topChannels;
		}

	}

}
