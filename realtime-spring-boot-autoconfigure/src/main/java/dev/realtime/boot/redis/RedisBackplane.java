package dev.realtime.boot.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.listener.Topic;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.realtime.boot.broker.Backplane;
import dev.realtime.boot.broker.ChannelNames;
import dev.realtime.boot.broker.LocalBroker;
import dev.realtime.boot.identity.SocketSecrets;

/**
 * {@link Backplane} over Redis pub/sub. A push is delivered on its own instance directly, then
 * published once per channel to Redis by one publishing thread, in order, so a request never
 * waits for Redis; every other instance subscribed to that channel delivers it to its own
 * sockets. Messages carry the publishing instance's id, so an instance ignores its own echo
 * and each socket gets a push exactly once.
 * <p>
 * An instance subscribes to {@code <prefix>channel:<name>} only while it has a local
 * subscriber for that channel, so it receives nothing for busy channels nobody here listens
 * to. Wildcard pushes go to {@code <prefix>wildcard}, which every instance listens to and
 * matches against its local channels. The end of an HTTP session (a logout) goes to
 * {@code <prefix>session-ended}, which every instance listens to, so that each closes the
 * session's sockets open on it.
 * <p>
 * Redis being away never stops local delivery: pushes that cannot be published are counted
 * ({@link #notPropagated()}) and logged at most every ten seconds. Each message carries its
 * publisher's number for its channel, so a receiving instance also counts the messages it
 * missed ({@link #missed()}), whatever the cause. The Spring Data Redis listener container,
 * with Lettuce, reconnects and resubscribes by itself, and this backplane subscribes its
 * channels again once Redis answers, so cross-instance delivery resumes with no help. {@link #isConnected()}, {@link #lastFailure()} and the counters tell how it is doing.
 */
public class RedisBackplane implements Backplane, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisBackplane.class);

	private static final int QUEUE_CAPACITY = 10_000;

	private static final int BATCH_SIZE = 256;

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	// Bounds the numbering state; past it, numbering starts again, which receivers take as a
	// restart of the publisher rather than as a gap.
	private static final int MAX_NUMBERED_CHANNELS = 100_000;

	private final StringRedisTemplate redis;

	private final RedisMessageListenerContainer container;

	private final Supplier<LocalBroker> broker;

	private final String instanceId = HexFormat.of().formatHex(randomBytes());

	private final String channelPrefix;

	private final ChannelTopic wildcardTopic;

	private final ChannelTopic sessionEndedTopic;

	// Compared with each received message's channel as it comes, bytes, not decoded.
	private final byte[] sessionEndedChannel;

	private final byte[] wildcardChannel;

	private final byte[] channelPrefixBytes;

	private final Consumer<String> closeSession;

	// Checks that a received payload is whole JSON, with the features and limits of the mapper
	// that wrote it; it never reads into objects.
	private final JsonMapper jsonMapper;

	private final MessageListener listener = this::onMessage;

	private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

	// Of the channels above, those whose subscription Redis has confirmed.
	private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

	// Channels left while Redis was away: their unsubscribe is sent again once it answers.
	private final Set<String> toUnsubscribe = ConcurrentHashMap.newKeySet();

	private final Object subscriptionLock = new Object();

	private final BlockingQueue<Outbound> outbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

	private final Thread publisher;

	private final ScheduledExecutorService checker;

	private final AtomicLong propagated = new AtomicLong();

	private final AtomicLong notPropagated = new AtomicLong();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong missed = new AtomicLong();

	private final AtomicLong malformed = new AtomicLong();

	// Per pushed channel name, the number of the last message this instance published to it.
	private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

	// Per channel received here, per publishing instance, the number of its last message.
	private final Map<String, Map<String, Long>> lastReceived = new ConcurrentHashMap<>();

	private final ThrottledLog gaps = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final ThrottledLog failures = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final ThrottledLog malformedMessages = new ThrottledLog(logger, Duration.ofSeconds(10));

	private final AtomicBoolean connected = new AtomicBoolean(true);

	private volatile @Nullable Failure lastFailure;

	private volatile long notPropagatedAtDisconnect;

	private volatile long lastReachedAt = System.nanoTime();

	private volatile boolean subscriptionsToResend;

	private volatile boolean closed;

	/**
	 * Create a backplane. Its listener is registered with the container at once, and receives
	 * once the container is started.
	 * @param redis the template over the application's Redis connection, used to publish
	 * @param container the listener container over the same connection factory; it must
	 * dispatch messages in order (a synchronous task executor)
	 * @param prefix the prefix of every pub/sub channel, such as {@code realtime:}
	 * @param broker the broker of this instance, for the pushes of other instances
	 */
	public RedisBackplane(StringRedisTemplate redis, RedisMessageListenerContainer container, String prefix,
			Supplier<LocalBroker> broker) {
		this(redis, container, prefix, broker, (sessionDigest) -> {
		});
	}

	/**
	 * Create a backplane. Its listener is registered with the container at once, and receives
	 * once the container is started.
	 * @param redis the template over the application's Redis connection, used to publish
	 * @param container the listener container over the same connection factory; it must
	 * dispatch messages in order (a synchronous task executor)
	 * @param prefix the prefix of every pub/sub channel, such as {@code realtime:}
	 * @param broker the broker of this instance, for the pushes of other instances
	 * @param closeSession closes the sockets open on this instance of an HTTP session that
	 * ended on another instance, given the digest that names them
	 * @see #RedisBackplane(StringRedisTemplate, RedisMessageListenerContainer, String, Supplier,
	 * Consumer, JsonMapper) the constructor for payloads written by a JsonMapper other than
	 * Jackson's shared one
	 */
	public RedisBackplane(StringRedisTemplate redis, RedisMessageListenerContainer container, String prefix,
			Supplier<LocalBroker> broker, Consumer<String> closeSession) {
		this(redis, container, prefix, broker, closeSession, JsonMapper.shared());
	}

	/**
	 * Create a backplane. Its listener is registered with the container at once, and receives
	 * once the container is started.
	 * @param redis the template over the application's Redis connection, used to publish
	 * @param container the listener container over the same connection factory; it must
	 * dispatch messages in order (a synchronous task executor)
	 * @param prefix the prefix of every pub/sub channel, such as {@code realtime:}
	 * @param broker the broker of this instance, for the pushes of other instances
	 * @param closeSession closes the sockets open on this instance of an HTTP session that
	 * ended on another instance, given the digest that names them
	 * @param jsonMapper the mapper that serializes payloads on every instance (the
	 * application's), which checks that each received payload is one whole JSON value
	 */
	public RedisBackplane(StringRedisTemplate redis, RedisMessageListenerContainer container, String prefix,
			Supplier<LocalBroker> broker, Consumer<String> closeSession, JsonMapper jsonMapper) {
		this.redis = redis;
		this.jsonMapper = jsonMapper;
		this.container = container;
		this.broker = broker;
		this.closeSession = closeSession;
		this.channelPrefix = prefix + "channel:";
		this.wildcardTopic = new ChannelTopic(prefix + "wildcard");
		this.sessionEndedTopic = new ChannelTopic(prefix + "session-ended");
		this.sessionEndedChannel = this.sessionEndedTopic.getTopic().getBytes(StandardCharsets.UTF_8);
		this.wildcardChannel = this.wildcardTopic.getTopic().getBytes(StandardCharsets.UTF_8);
		this.channelPrefixBytes = this.channelPrefix.getBytes(StandardCharsets.UTF_8);
		this.container.addMessageListener(this.listener, List.of(this.wildcardTopic, this.sessionEndedTopic));
		this.publisher = new CustomizableThreadFactory("realtime-redis-publish-").newThread(this::publishLoop);
		this.publisher.setDaemon(true);
		this.publisher.start();
		CustomizableThreadFactory checkThreads = new CustomizableThreadFactory("realtime-redis-check-");
		checkThreads.setDaemon(true);
		this.checker = Executors.newSingleThreadScheduledExecutor(checkThreads);
		this.checker.scheduleWithFixedDelay(this::checkConnection, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void publish(String payloadJson, Collection<String> channels) {
		for (String channel : channels) {
			String topic = ChannelNames.isWildcard(channel) ? this.wildcardTopic.getTopic() : topicOf(channel);
			if (this.sequences.size() > MAX_NUMBERED_CHANNELS) {
				this.sequences.clear();
			}
			AtomicLong sequence = this.sequences.computeIfAbsent(channel, (name) -> new AtomicLong());
			boolean queued;
			// Numbered and queued together, so that numbers follow the publishing order; a push
			// that cannot be queued keeps its number, which shows as a gap to the receivers.
			synchronized (sequence) {
				long number = sequence.incrementAndGet();
				String body = this.instanceId + ' ' + number + ' ' + channel.length() + ' ' + channel + payloadJson;
				queued = !this.closed && this.outbound.offer(new Outbound(topic, body, true));
			}
			if (!queued) {
				this.notPropagated.incrementAndGet();
				this.failures.warn("Realtime push not propagated to other instances (" + this.notPropagated.get()
						+ " in all; local delivery goes on)", this.closed ? "shutting down"
								: "Redis publish queue full (" + QUEUE_CAPACITY + " pushes waiting)");
			}
		}
	}

	@Override
	public void localSubscribersChanged(String channel) {
		synchronized (this.subscriptionLock) {
			long started = System.nanoTime();
			// Unconfirmed before the broker is asked: a socket joining meanwhile then waits for
			// this call instead of trusting a subscription that this call may be taking away.
			boolean wasConfirmed = this.confirmed.remove(channel);
			boolean wanted = this.broker.get().hasLocalSubscribers(channel);
			ChannelTopic topic = new ChannelTopic(topicOf(channel));
			try {
				if (wanted) {
					this.toUnsubscribe.remove(channel);
				}
				if (wanted && this.subscribed.add(channel)) {
					this.container.addMessageListener(this.listener, topic);
					this.confirmed.add(channel);
					// Numbers seen before an earlier unsubscribe say nothing about gaps now.
					this.lastReceived.remove(channel);
				}
				else if (!wanted && this.subscribed.remove(channel)) {
					this.lastReceived.remove(channel);
					// The container forgets the channel before it tells Redis: if Redis does not
					// hear it, Lettuce would restore the subscription when it reconnects.
					this.toUnsubscribe.add(channel);
					this.container.removeMessageListener(this.listener, topic);
					this.toUnsubscribe.remove(channel);
				}
				else if (wanted && wasConfirmed) {
					this.confirmed.add(channel);
				}
			}
			catch (RuntimeException ex) {
				// The container keeps the channel in its mapping; subscribeAgain() sends it once
				// Redis answers again.
				failed(ex, started);
				this.subscriptionsToResend = true;
				this.failures.warn("Realtime channel subscription not sent to Redis (sent again once it answers)",
						ex);
			}
		}
	}

	@Override
	public void localSubscriberJoined(String channel) {
		if (!this.confirmed.contains(channel)) {
			// The subscription an earlier socket made may still be under way: wait for it.
			localSubscribersChanged(channel);
		}
	}

	@Override
	public void sessionEnded(String sessionDigest) {
		// Queued behind the pushes made before it, as they are: a logout never waits for Redis.
		if (this.closed || !this.outbound.offer(
				new Outbound(this.sessionEndedTopic.getTopic(), this.instanceId + ' ' + sessionDigest, false))) {
			this.failures.warn("End of an HTTP session not propagated to other instances: their sockets of it stay open",
					this.closed ? "shutting down" : "Redis publish queue full (" + QUEUE_CAPACITY + " messages waiting)");
		}
	}

	/**
	 * Return the id of this instance, carried by each message it publishes.
	 * @return the instance id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * Return whether Redis answered the last publish or check (checked every second).
	 * @return whether Redis is reachable
	 */
	public boolean isConnected() {
		return this.connected.get();
	}

	/**
	 * Return the last failure to reach Redis, if any.
	 * @return when and why, or {@code null}
	 */
	public @Nullable Failure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Return how many channel messages were published to Redis for the other instances.
	 * @return the count since start
	 */
	public long propagated() {
		return this.propagated.get();
	}

	/**
	 * Return how many channel messages could not be published to Redis (Redis away, or the
	 * publishing queue full): the other instances missed them; this instance's sockets did not.
	 * @return the count since start
	 */
	public long notPropagated() {
		return this.notPropagated.get();
	}

	/**
	 * Return how many messages of other instances this instance received from Redis.
	 * @return the count since start
	 */
	public long received() {
		return this.received.get();
	}

	/**
	 * Return how many messages of other instances this instance missed, for channels it was
	 * subscribed to: each message carries its publisher's number for its channel, and a jump
	 * in those numbers is a gap (Redis away, or not yet subscribed again after it returned).
	 * @return the count since start
	 */
	public long missed() {
		return this.missed.get();
	}

	/**
	 * Return how many messages on this backplane's Redis channels were dropped because no
	 * instance of this starter published them whole: another application's, a truncated one,
	 * or one whose payload is no single JSON value.
	 * @return the count since start
	 */
	public long malformed() {
		return this.malformed.get();
	}

	/**
	 * Return the channels this instance receives from Redis because it has local subscribers
	 * for them (the wildcard channel, always received, is not counted).
	 * @return the channel names
	 */
	public Set<String> subscribedChannels() {
		return Set.copyOf(this.subscribed);
	}

	/**
	 * Return how many channel messages wait to be published.
	 * @return the queue length
	 */
	public int pending() {
		return this.outbound.size();
	}

	@Override
	public void close() {
		this.closed = true;
		this.checker.shutdownNow();
		try {
			this.publisher.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.publisher.interrupt();
	}

	private String topicOf(String channel) {
		return this.channelPrefix + channel;
	}

	private void publishLoop() {
		List<Outbound> batch = new ArrayList<>(BATCH_SIZE);
		while (!this.closed || !this.outbound.isEmpty()) {
			try {
				Outbound first = this.outbound.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.outbound.drainTo(batch, BATCH_SIZE - 1);
				publishBatch(batch);
			}
			catch (InterruptedException ex) {
				if (this.closed) {
					return;
				}
			}
			finally {
				batch.clear();
			}
		}
	}

	private void publishBatch(List<Outbound> batch) {
		long started = System.nanoTime();
		try {
			this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
				for (Outbound message : batch) {
					connection.publish(message.topic().getBytes(StandardCharsets.UTF_8),
							message.body().getBytes(StandardCharsets.UTF_8));
				}
				return null;
			});
			this.propagated.addAndGet(pushes(batch));
			reachable();
		}
		catch (RuntimeException ex) {
			this.notPropagated.addAndGet(pushes(batch));
			failed(ex, started);
			this.failures.warn("Realtime pushes not propagated to other instances (" + this.notPropagated.get()
					+ " in all; local delivery goes on)", ex);
		}
	}

	// The counts are of channel messages; the end of a session is none.
	private static long pushes(List<Outbound> batch) {
		return batch.stream().filter(Outbound::push).count();
	}

	// Anything may be published on these Redis channels: another application, another version,
	// a truncated message. What is not a message of this starter, whole, is dropped before it
	// reaches a socket or the counts, and the messages after it are received as ever.
	private void onMessage(Message message, byte @Nullable [] pattern) {
		try {
			String body = new String(message.getBody(), StandardCharsets.UTF_8);
			if (Arrays.equals(message.getChannel(), this.sessionEndedChannel)) {
				sessionEndedElsewhere(body);
				return;
			}
			int idEnd = body.indexOf(' ');
			int numberEnd = body.indexOf(' ', idEnd + 1);
			int lengthEnd = body.indexOf(' ', numberEnd + 1);
			if (idEnd <= 0 || numberEnd < 0 || lengthEnd < 0) {
				throw new MalformedMessageException("not a realtime message");
			}
			String publisherId = body.substring(0, idEnd);
			if (publisherId.equals(this.instanceId)) {
				return;
			}
			long number = Long.parseLong(body, idEnd + 1, numberEnd, 10);
			int channelLength = Integer.parseInt(body, numberEnd + 1, lengthEnd, 10);
			int channelStart = lengthEnd + 1;
			if (channelLength <= 0 || channelLength > ChannelNames.MAX_LENGTH
					|| channelLength > body.length() - channelStart) {
				throw new MalformedMessageException("a channel name length of " + channelLength);
			}
			int channelEnd = channelStart + channelLength;
			String channel = body.substring(channelStart, channelEnd);
			if (!isTopicOf(message.getChannel(), channel)) {
				throw new MalformedMessageException("a push to another channel than the one it was published on");
			}
			String payloadJson = body.substring(channelEnd);
			checkPayload(payloadJson);
			this.received.incrementAndGet();
			checkSequence(publisherId, channel, number);
			this.broker.get().publish(payloadJson, List.of(channel));
		}
		catch (MalformedMessageException | NumberFormatException | JacksonException ex) {
			long total = this.malformed.incrementAndGet();
			this.malformedMessages.warn("Ignored a malformed realtime message on Redis channel '"
					+ abbreviate(new String(message.getChannel(), StandardCharsets.UTF_8)) + "' (" + total + " in all)",
					abbreviate(String.valueOf((ex instanceof JacksonException jackson) ? jackson.getOriginalMessage()
							: ex.getMessage())));
		}
		catch (RuntimeException ex) {
			// Delivering a well-formed message failed here: not the publisher's fault, not counted.
			this.failures.warn("Realtime message received from Redis not delivered", ex);
		}
	}

	// A push is published on the topic of its channel, a wildcard push on the wildcard topic.
	// Compared as bytes: the topic is never decoded for a message that is well formed.
	private boolean isTopicOf(byte[] topic, String channel) {
		if (Arrays.equals(topic, this.wildcardChannel)) {
			return ChannelNames.isWildcard(channel);
		}
		byte[] name = channel.getBytes(StandardCharsets.UTF_8);
		int prefixLength = this.channelPrefixBytes.length;
		return !ChannelNames.isWildcard(channel) && topic.length == prefixLength + name.length
				&& Arrays.equals(topic, 0, prefixLength, this.channelPrefixBytes, 0, prefixLength)
				&& Arrays.equals(topic, prefixLength, topic.length, name, 0, name.length);
	}

	// Every socket's frame is built around the payload as it is: it must be one JSON value, not
	// a truncated one or one with something after it. Read once per message, not per socket.
	private void checkPayload(String payloadJson) {
		try (JsonParser parser = this.jsonMapper.createParser(payloadJson)) {
			if (parser.nextToken() == null) {
				throw new MalformedMessageException("no payload");
			}
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw new MalformedMessageException("more than one JSON value as its payload");
			}
		}
	}

	private void sessionEndedElsewhere(String body) {
		int idEnd = body.indexOf(' ');
		if (idEnd <= 0 || !SocketSecrets.isWellFormed(body.substring(idEnd + 1))) {
			throw new MalformedMessageException("not the end of a realtime session");
		}
		if (!body.substring(0, idEnd).equals(this.instanceId)) {
			this.closeSession.accept(body.substring(idEnd + 1));
		}
	}

	private static String abbreviate(String text) {
		return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
	}

	private void checkSequence(String publisherId, String channel, long number) {
		if (this.lastReceived.size() > MAX_NUMBERED_CHANNELS) {
			this.lastReceived.clear();
		}
		Map<String, Long> byPublisher = this.lastReceived.computeIfAbsent(channel, (name) -> new ConcurrentHashMap<>());
		Long last = byPublisher.put(publisherId, number);
		// A first message, or a lower number (the publisher started numbering again), is no gap.
		if (last != null && number > last + 1) {
			long gap = number - last - 1;
			long total = this.missed.addAndGet(gap);
			this.gaps.warn("Realtime pushes of other instances missed by this instance (" + total + " in all)",
					gap + " on channel '" + channel + "' from instance " + publisherId);
		}
	}

	private void checkConnection() {
		long started = System.nanoTime();
		try {
			this.redis.execute((RedisCallback<String>) (connection) -> connection.ping());
			reachable();
		}
		catch (RuntimeException ex) {
			failed(ex, started);
			return;
		}
		if (this.subscriptionsToResend) {
			subscribeAgain();
		}
	}

	private void failed(RuntimeException ex, long startedAt) {
		this.lastFailure = new Failure(Instant.now(), ThrottledLog.describe(ex));
		// A command that started before Redis was last reached says nothing newer: with
		// several threads talking to Redis, it must not mark Redis as away again.
		if (startedAt - this.lastReachedAt > 0 && this.connected.compareAndSet(true, false)) {
			this.notPropagatedAtDisconnect = this.notPropagated.get();
		}
	}

	private void reachable() {
		this.lastReachedAt = System.nanoTime();
		if (this.connected.compareAndSet(false, true)) {
			long missed = this.notPropagated.get() - this.notPropagatedAtDisconnect;
			Failure failure = this.lastFailure;
			logger.info("Redis reachable again for realtime channels; " + missed
					+ " pushes were not propagated to other instances while it was away"
					+ ((failure != null) ? " (last failure at " + failure.at() + ": " + failure.reason() + ")" : ""));
			this.failures.reset();
		}
	}

	// Lettuce restores subscriptions when it reconnects; a subscription that failed while
	// Redis was away is sent again here, by the connection check once Redis answers.
	// Subscribing twice to a channel is harmless.
	private void subscribeAgain() {
		synchronized (this.subscriptionLock) {
			List<Topic> topics = new ArrayList<>();
			topics.add(this.wildcardTopic);
			topics.add(this.sessionEndedTopic);
			for (String channel : this.subscribed) {
				topics.add(new ChannelTopic(topicOf(channel)));
			}
			try {
				this.container.addMessageListener(this.listener, topics);
				this.confirmed.addAll(this.subscribed);
				for (String channel : List.copyOf(this.toUnsubscribe)) {
					// The container has forgotten the channel: known to it again for a moment, so
					// that removing it sends the unsubscribe Redis missed.
					ChannelTopic topic = new ChannelTopic(topicOf(channel));
					this.container.addMessageListener(this.listener, topic);
					this.container.removeMessageListener(this.listener, topic);
					this.toUnsubscribe.remove(channel);
				}
				this.subscriptionsToResend = false;
			}
			catch (RuntimeException ex) {
				// The subscription connection may still be reconnecting: try again next check.
				if (logger.isDebugEnabled()) {
					logger.debug("Realtime channel subscriptions not sent again to Redis yet", ex);
				}
			}
		}
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[8];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	/**
	 * A failure to reach Redis.
	 *
	 * @param at when it happened
	 * @param reason the exception, as text
	 */
	public record Failure(Instant at, String reason) {

	}

	private record Outbound(String topic, String body, boolean push) {

	}

	private static final class MalformedMessageException extends RuntimeException {

		MalformedMessageException(String message) {
			super(message, null, false, false);
		}

	}

}
