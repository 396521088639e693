package dev.realtime.boot.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * {@link RealtimeRegistry} kept in Redis and shared by every instance: an id issued on one
 * instance may be claimed on another, and subscriptions made in a request on one are
 * delivered when the socket connects to another.
 * <p>
 * Each digest is one hash, {@code <prefix>digest:<digest>}, holding its state ({@code issued},
 * {@code live} or {@code detached}) and one field per subscribed channel, so the state and
 * the subscriptions expire together: an issued id after its time to live, a detached digest
 * after its resume window. A claim is one script, so two instances cannot both claim an id. A
 * live digest has a lease that the instance holding its socket renews; if that instance dies
 * without closing its sockets, their digests expire once the lease runs out. A live digest that
 * Redis no longer holds (restarted empty, or away for longer than the lease) is written back,
 * with the subscriptions of its socket, at the next renewal, given the
 * {@link OpenSubscriptions} of this instance.
 * <p>
 * Redis being unreachable never throws out of this registry: an id that cannot be recorded
 * is refused when its socket connects, a claim answers {@link Claim#UNAVAILABLE} (the
 * handshake then answers 503), and the failure is logged at most every ten seconds.
 */
public class RedisRealtimeRegistry implements RealtimeRegistry, AutoCloseable {

	/** How long a live digest is kept without its instance renewing it. */
	public static final Duration DEFAULT_LIVE_LEASE = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(RedisRealtimeRegistry.class);

	private static final String STATE = "state";

	private static final Pattern GLOB_CHARACTERS = Pattern.compile("[*?\\[\\]\\\\^-]");

	private static final String CHANNEL_FIELD_PREFIX = "channel:";

	private static final RedisScript<Long> ISSUE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'state', 'issued')
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	private static final RedisScript<String> CLAIM = RedisScript.of("""
			local state = redis.call('HGET', KEYS[1], 'state')
			if not state then
				return 'unknown'
			end
			if state == 'live' then
				return 'live'
			end
			redis.call('HSET', KEYS[1], 'state', 'live')
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return state
			""", String.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'state') ~= 'live' then
				return 0
			end
			redis.call('HSET', KEYS[1], 'state', 'detached')
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	private static final RedisScript<Long> SUBSCRIBE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
				return 0
			end
			for i = 1, #ARGV do
				redis.call('HSET', KEYS[1], ARGV[i], '1')
			end
			return 1
			""", Long.class);

	// Answers the keys that are gone, for the instance to write back.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RENEW = RedisScript.of("""
			local lost = {}
			for i = 1, #KEYS do
				local state = redis.call('HGET', KEYS[i], 'state')
				if state == 'live' then
					redis.call('PEXPIRE', KEYS[i], ARGV[1])
				elseif not state then
					lost[#lost + 1] = KEYS[i]
				end
			end
			return lost
			""", List.class);

	// A digest that Redis no longer holds (restarted empty, or away for longer than the lease),
	// written back by the instance that held it live, in the state it is in now.
	private static final RedisScript<Long> WRITE_BACK = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 then
				return 0
			end
			redis.call('HSET', KEYS[1], 'state', ARGV[1])
			for i = 3, #ARGV do
				redis.call('HSET', KEYS[1], ARGV[i], '1')
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1
			""", Long.class);

	private static final RedisScript<String> FIRST_SESSION_KEY = RedisScript.of("""
			local first = redis.call('GET', KEYS[1])
			if first then
				return first
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return ARGV[1]
			""", String.class);

	private static final int RENEW_BATCH = 500;

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final String sessionKeyPrefix;

	private final Duration liveLease;

	private final OpenSubscriptions openSubscriptions;

	private final Set<String> liveHere = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService renewer;

	private final ThrottledLog failures = new ThrottledLog(logger, Duration.ofSeconds(10));

	// Every socket that closes soon after Redis restarted empty finds its digest gone at once.
	private final ThrottledLog closedWrittenBack = new ThrottledLog(logger, Duration.ofSeconds(10));

	/**
	 * Create a registry with the {@link #DEFAULT_LIVE_LEASE default lease}.
	 * @param redis the template over the application's Redis connection
	 * @param prefix the prefix of every key, such as {@code realtime:}
	 */
	public RedisRealtimeRegistry(StringRedisTemplate redis, String prefix) {
		this(redis, prefix, DEFAULT_LIVE_LEASE);
	}

	/**
	 * Create a registry.
	 * @param redis the template over the application's Redis connection
	 * @param prefix the prefix of every key, such as {@code realtime:}
	 * @param liveLease how long a live digest is kept without this instance renewing it; it is
	 * renewed every third of it
	 */
	public RedisRealtimeRegistry(StringRedisTemplate redis, String prefix, Duration liveLease) {
		this(redis, prefix, liveLease, OpenSubscriptions.NONE);
	}

	/**
	 * Create a registry that writes back the live digests of the sockets open on this instance
	 * when Redis no longer holds them (a Redis restarted empty, or away for longer than the
	 * lease), with their subscriptions, so that those sockets can still resume once they close.
	 * @param redis the template over the application's Redis connection
	 * @param prefix the prefix of every key, such as {@code realtime:}
	 * @param liveLease how long a live digest is kept without this instance renewing it; it is
	 * renewed, or written back, every third of it
	 * @param openSubscriptions the subscriptions of the sockets open on this instance
	 */
	public RedisRealtimeRegistry(StringRedisTemplate redis, String prefix, Duration liveLease,
			OpenSubscriptions openSubscriptions) {
		this.redis = redis;
		this.keyPrefix = prefix + "digest:";
		this.sessionKeyPrefix = prefix + "first-session-key:";
		this.liveLease = liveLease;
		this.openSubscriptions = openSubscriptions;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("realtime-redis-lease-");
		threads.setDaemon(true);
		this.renewer = Executors.newSingleThreadScheduledExecutor(threads);
		long period = Math.max(10, liveLease.toMillis() / 3);
		this.renewer.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void issue(String digest, Duration timeToLive) {
		try {
			this.redis.execute(ISSUE, List.of(key(digest)), millis(timeToLive));
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not record an issued connection id in Redis "
					+ "(its socket will be refused)", ex);
		}
	}

	@Override
	public Claim claim(String digest) {
		String outcome;
		try {
			outcome = this.redis.execute(CLAIM, List.of(key(digest)), millis(this.liveLease));
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not claim a connection id in Redis "
					+ "(the handshake is refused with 503)", ex);
			return Claim.UNAVAILABLE;
		}
		Claim claim = switch (String.valueOf(outcome)) {
			case "issued" -> Claim.ISSUED;
			case "detached" -> Claim.RESUMED;
			case "live" -> Claim.ALREADY_LIVE;
			default -> Claim.UNKNOWN;
		};
		if (claim.accepted()) {
			this.liveHere.add(digest);
		}
		return claim;
	}

	@Override
	public void release(String digest, Duration resumeWindow) {
		this.liveHere.remove(digest);
		try {
			this.redis.execute(RELEASE, List.of(key(digest)), millis(resumeWindow));
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not release a connection id in Redis "
					+ "(it expires with its lease instead)", ex);
		}
	}

	@Override
	public void release(String digest, Duration resumeWindow, Set<String> channels) {
		// Only a digest live here is written back: its socket held it until now, so no other
		// instance can have claimed it, and a digest released twice is not brought back.
		if (!this.liveHere.remove(digest)) {
			release(digest, resumeWindow);
			return;
		}
		try {
			Long released = this.redis.execute(RELEASE, List.of(key(digest)), millis(resumeWindow));
			if (released != null && released == 0L && writeBack(digest, "detached", resumeWindow, channels)) {
				this.closedWrittenBack.warn("Realtime registry wrote back the digest of a socket that closed, "
						+ "with its subscriptions, for its resume window", "Redis no longer held it (restarted "
								+ "empty, or away for longer than the lease)");
			}
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not release a connection id in Redis "
					+ "(it expires with its lease instead)", ex);
		}
	}

	@Override
	public void forget(String digest) {
		this.liveHere.remove(digest);
		try {
			this.redis.delete(key(digest));
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not remove a connection id from Redis "
					+ "(it expires with its lease instead)", ex);
		}
	}

	@Override
	public boolean subscribe(String digest, Collection<String> channels) {
		try {
			Long known = this.redis.execute(SUBSCRIBE, List.of(key(digest)), fields(channels));
			return known != null && known == 1L;
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not record subscriptions in Redis "
					+ "(a socket open on this instance still receives them)", ex);
			return false;
		}
	}

	@Override
	public void unsubscribe(String digest, Collection<String> channels) {
		try {
			this.redis.opsForHash().delete(key(digest), (Object[]) fields(channels));
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not remove subscriptions from Redis", ex);
		}
	}

	@Override
	public Set<String> subscriptions(String digest) {
		try {
			Set<Object> fields = this.redis.opsForHash().keys(key(digest));
			Set<String> channels = new HashSet<>();
			for (Object field : fields) {
				String name = (String) field;
				if (name.startsWith(CHANNEL_FIELD_PREFIX)) {
					channels.add(name.substring(CHANNEL_FIELD_PREFIX.length()));
				}
			}
			return channels;
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not read subscriptions from Redis "
					+ "(the socket starts with none)", ex);
			return Set.of();
		}
	}

	/**
	 * Return how many digests are kept in Redis, by every instance, in any state. This scans
	 * the keys under the prefix: meant for tests and diagnostics, not for a hot path.
	 * @return the number of digests, or -1 while Redis cannot be reached
	 */
	@Override
	public String firstSessionKey(String sessionId, String key, Duration timeToLive) {
		try {
			String first = this.redis.execute(FIRST_SESSION_KEY,
					List.of(this.sessionKeyPrefix + sha256(sessionId)), key, millis(timeToLive));
			return (first != null) ? first : key;
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not share the first socket key of an HTTP session in Redis "
					+ "(two first pages of it rendered at once on two instances may each store their own)", ex);
			return key;
		}
	}

	@Override
	public int size() {
		// The prefix is the application's text: its glob characters match only themselves.
		String pattern = GLOB_CHARACTERS.matcher(this.keyPrefix).replaceAll("\\\\$0") + "*";
		ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1000).build();
		try {
			Integer count = this.redis.execute((RedisCallback<Integer>) (connection) -> {
				int found = 0;
				try (Cursor<byte[]> keys = connection.keyCommands().scan(options)) {
					while (keys.hasNext()) {
						keys.next();
						found++;
					}
				}
				return found;
			});
			return (count != null) ? count : 0;
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not count the digests in Redis", ex);
			return -1;
		}
	}

	@Override
	public void close() {
		this.renewer.shutdownNow();
	}

	void renewLeases() {
		if (this.liveHere.isEmpty()) {
			return;
		}
		List<String> lost = new ArrayList<>();
		try {
			List<String> batch = new ArrayList<>(RENEW_BATCH);
			for (String digest : this.liveHere) {
				batch.add(key(digest));
				if (batch.size() == RENEW_BATCH) {
					renew(batch, lost);
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				renew(batch, lost);
			}
			if (!lost.isEmpty()) {
				restore(lost);
			}
		}
		catch (RuntimeException ex) {
			this.failures.warn("Realtime registry could not renew the leases of live sockets in Redis", ex);
		}
	}

	private void renew(List<String> keys, List<String> lost) {
		List<?> gone = this.redis.execute(RENEW, keys, millis(this.liveLease));
		if (gone != null) {
			for (Object key : gone) {
				lost.add(((String) key).substring(this.keyPrefix.length()));
			}
		}
	}

	// Each under the socket's own lock, so that no subscription made meanwhile is left out;
	// a socket that closed meanwhile is not open here any more and is left alone.
	private void restore(List<String> lost) {
		int restored = 0;
		for (String digest : lost) {
			AtomicBoolean written = new AtomicBoolean();
			this.openSubscriptions.withChannels(digest, (channels) -> written.set(writeBackLive(digest, channels)));
			if (written.get()) {
				restored++;
			}
		}
		if (restored > 0) {
			logger.warn("Realtime registry wrote back " + restored + " live socket digest(s) that Redis no longer "
					+ "held (restarted empty, or away for longer than the lease), with their subscriptions");
		}
	}

	private boolean writeBackLive(String digest, Set<String> channels) {
		return this.liveHere.contains(digest) && writeBack(digest, "live", this.liveLease, channels);
	}

	private boolean writeBack(String digest, String state, Duration timeToLive, Set<String> channels) {
		List<String> arguments = new ArrayList<>(channels.size() + 2);
		arguments.add(state);
		arguments.add(millis(timeToLive));
		arguments.addAll(List.of(fields(channels)));
		Long outcome = this.redis.execute(WRITE_BACK, List.of(key(digest)), arguments.toArray());
		return outcome != null && outcome == 1L;
	}

	private String key(String digest) {
		return this.keyPrefix + digest;
	}

	private static String[] fields(Collection<String> channels) {
		return channels.stream().map((channel) -> CHANNEL_FIELD_PREFIX + channel).toArray(String[]::new);
	}

	// The Redis key names no session id that a look at Redis would hand to someone.
	private static String sha256(String sessionId) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static String millis(Duration duration) {
		return Long.toString(Math.max(1, duration.toMillis()));
	}

}
