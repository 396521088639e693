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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * after its resume window. A claim is one script, so two instances cannot both claim an id.
 * <p>
 * A live digest names its owner, the instance holding its socket, by that instance's random
 * id, and has a lease that the owner renews. Each instance also keeps a key of its own alive
 * in Redis, {@code <prefix>instance:<id>}, for the instance timeout, and renews it several
 * times within it. A claim takes a live digest whose owner's key is gone (the instance died
 * without closing its sockets, or was cut off from Redis for longer than the instance timeout)
 * or whose lease ran out, as it takes a released one: it resumes with its subscriptions. A live
 * digest is kept for its lease and then the resume window, so that it may be resumed for at
 * least the resume window after its owner was last seen, and lingers no longer. Every time is a
 * time to live in Redis, never a clock of an instance. An instance that comes back and finds
 * one of its digests taken over closes that socket ({@link SocketsTakenOver}), so that one
 * socket at a time holds an id. A live digest that Redis no longer holds (restarted empty, or
 * away for longer than the lease) is written back, with the subscriptions of its socket, at the
 * next renewal, given the {@link OpenSubscriptions} of this instance.
 * <p>
 * Redis being unreachable never throws out of this registry: an id that cannot be recorded
 * is refused when its socket connects ({@link #tryIssue} answers {@code false}, so the
 * connection endpoint answers 503 rather than hand it out), a claim answers {@link Claim#UNAVAILABLE} (the
 * handshake then answers 503), a release is tried again once Redis answers, within the
 * resume window of its socket, so is the removal of the digest of a socket whose HTTP session
 * ended, and the failure is logged at most every ten seconds.
 */
public class RedisRealtimeRegistry implements RealtimeRegistry, AutoCloseable {

	/** How long a live digest is kept without its instance renewing it. */
	public static final Duration DEFAULT_LIVE_LEASE = Duration.ofSeconds(30);

	/**
	 * How long an instance may go without telling Redis it is alive before the digests of its
	 * sockets may be resumed on another instance.
	 */
	public static final Duration DEFAULT_INSTANCE_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(RedisRealtimeRegistry.class);

	private static final String STATE = "state";

	private static final Pattern GLOB_CHARACTERS = Pattern.compile("[*?\\[\\]\\\\^-]");

	private static final String CHANNEL_FIELD_PREFIX = "channel:";

	private static final RedisScript<Long> ISSUE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'state', 'issued')
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	// A live digest is kept for its lease and then the resume window ('window', in ms): once
	// its time to live is within that window, its lease ran out. One written by an instance of
	// a version before owners (none named) stays held until it expires, as it did then.
	// KEYS: the digest, this instance's key. ARGV: this instance's id, the time to live of a
	// live digest, the resume window, the instance timeout, the prefix of instance keys, this
	// claim's number on this instance.
	private static final RedisScript<String> CLAIM = RedisScript.of("""
			local state = redis.call('HGET', KEYS[1], 'state')
			if not state then
				return 'unknown'
			end
			if state == 'live' then
				local owner = redis.call('HGET', KEYS[1], 'owner')
				if not owner then
					return 'live'
				end
				local window = tonumber(redis.call('HGET', KEYS[1], 'window') or '0')
				if redis.call('EXISTS', ARGV[5] .. owner) == 1 and redis.call('PTTL', KEYS[1]) > window then
					return 'live'
				end
				state = 'detached'
			end
			redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
			redis.call('HSET', KEYS[1], 'state', 'live', 'owner', ARGV[1], 'window', ARGV[3], 'claim', ARGV[6])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return state
			""", String.class);

	// Only by the claim that made it live: a digest that another instance took over, or that a
	// later socket claimed, is left to it; so a release retried late is safe. ARGV: the resume
	// window, this instance's id, the claim's number.
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'state') ~= 'live' or redis.call('HGET', KEYS[1], 'owner') ~= ARGV[2]
					or redis.call('HGET', KEYS[1], 'claim') ~= ARGV[3] then
				return 0
			end
			redis.call('HSET', KEYS[1], 'state', 'detached')
			redis.call('HDEL', KEYS[1], 'owner', 'window', 'claim')
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	// Answers whether the key was still there: if not, this instance was missed.
	private static final RedisScript<Long> HEARTBEAT = RedisScript.of("""
			local present = redis.call('EXISTS', KEYS[1])
			redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
			return present
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

	// Answers, in pairs, the keys that are gone, for the instance to write back, and those that
	// another instance took over, whose sockets it closes. ARGV: this instance's id, the time to
	// live of a live digest.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RENEW = RedisScript.of("""
			local outcomes = {}
			for i = 1, #KEYS do
				local state = redis.call('HGET', KEYS[i], 'state')
				if not state then
					outcomes[#outcomes + 1] = KEYS[i]
					outcomes[#outcomes + 1] = 'lost'
				elseif state == 'live' and redis.call('HGET', KEYS[i], 'owner') == ARGV[1] then
					redis.call('PEXPIRE', KEYS[i], ARGV[2])
				else
					outcomes[#outcomes + 1] = KEYS[i]
					outcomes[#outcomes + 1] = 'taken'
				end
			end
			return outcomes
			""", List.class);

	// A digest that Redis no longer holds (restarted empty, or away for longer than the lease),
	// written back by the instance that held it live, in the state it is in now: live under
	// this instance (whose own key is set with it), or detached. KEYS: the digest, this
	// instance's key. ARGV: the state, the time to live, this instance's id, the resume window,
	// the instance timeout, the claim's number, then the channel fields.
	private static final RedisScript<Long> WRITE_BACK = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 then
				return 0
			end
			redis.call('HSET', KEYS[1], 'state', ARGV[1])
			if ARGV[1] == 'live' then
				redis.call('SET', KEYS[2], '1', 'PX', ARGV[5])
				redis.call('HSET', KEYS[1], 'owner', ARGV[3], 'window', ARGV[4], 'claim', ARGV[6])
			end
			for i = 7, #ARGV do
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

	private final Duration instanceTimeout;

	private final Duration resumeWindow;

	// A random id per instance, so that one that restarts is a new owner.
	private final String instanceId = UUID.randomUUID().toString().replace("-", "");

	private final String instanceKey;

	private final String instanceKeyPrefix;

	private final OpenSubscriptions openSubscriptions;

	private final SocketsTakenOver socketsTakenOver;

	// The digests live here, each with the number of the claim that made it live.
	private final Map<String, String> liveHere = new ConcurrentHashMap<>();

	private final AtomicLong claims = new AtomicLong();

	// Releases that could not reach Redis, retried once it answers, within their resume window.
	private final Map<String, PendingRelease> pendingReleases = new ConcurrentHashMap<>();

	// Digests of ended sessions that could not be removed from Redis, removed once it answers:
	// left there, one would be held live until its lease ran out and then resumable.
	private final Set<String> pendingForgets = ConcurrentHashMap.newKeySet();

	private final Lock retrying = new ReentrantLock();

	private final ScheduledExecutorService renewer;

	// The renewal runs on its schedule and, at once, when this instance finds it was missed.
	private final Lock renewing = new ReentrantLock();

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
		this(redis, prefix, liveLease, DEFAULT_INSTANCE_TIMEOUT, DEFAULT_RESUME_WINDOW, openSubscriptions,
				SocketsTakenOver.NONE);
	}

	/**
	 * Create a registry under which the sockets of an instance that died without closing them
	 * resume on another instance once it has been missed for the instance timeout.
	 * @param redis the template over the application's Redis connection
	 * @param prefix the prefix of every key, such as {@code realtime:}
	 * @param liveLease how long a live digest is kept without this instance renewing it; it is
	 * renewed, or written back, every third of it
	 * @param instanceTimeout how long this instance may go without telling Redis it is alive
	 * before the digests of its sockets may be resumed elsewhere; it tells every fifth of it
	 * @param resumeWindow how long a live digest may still be resumed once its lease ran out
	 * @param openSubscriptions the subscriptions of the sockets open on this instance
	 * @param socketsTakenOver closes the sockets open here whose digests another instance took
	 * over
	 */
	public RedisRealtimeRegistry(StringRedisTemplate redis, String prefix, Duration liveLease, Duration instanceTimeout,
			Duration resumeWindow, OpenSubscriptions openSubscriptions, SocketsTakenOver socketsTakenOver) {
		this.redis = redis;
		this.keyPrefix = prefix + "digest:";
		this.sessionKeyPrefix = prefix + "first-session-key:";
		this.instanceKeyPrefix = prefix + "instance:";
		this.instanceKey = this.instanceKeyPrefix + this.instanceId;
		this.liveLease = liveLease;
		this.instanceTimeout = instanceTimeout;
		this.resumeWindow = resumeWindow;
		this.openSubscriptions = openSubscriptions;
		this.socketsTakenOver = socketsTakenOver;
		// Not an error: sockets that close still resume. Only those of an instance that dies
		// cannot, as it is missed once their window has run out.
		if (!resumeWindow.isZero() && !resumeWindow.isNegative() && instanceTimeout.compareTo(resumeWindow) >= 0) {
			logger.warn("realtime.redis.instance-timeout (" + instanceTimeout.toMillis()
					+ " ms) is not shorter than realtime.resume-window (" + resumeWindow.toMillis()
					+ " ms): the sockets of an instance that dies without closing them cannot resume on another");
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("realtime-redis-lease-");
		threads.setDaemon(true);
		// Two threads: a renewal of many leases must not hold up the instance's own key.
		this.renewer = Executors.newScheduledThreadPool(2, threads);
		long heartbeat = Math.max(10, instanceTimeout.toMillis() / 5);
		this.renewer.scheduleWithFixedDelay(this::heartbeat, 0, heartbeat, TimeUnit.MILLISECONDS);
		long period = Math.max(10, liveLease.toMillis() / 3);
		this.renewer.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void issue(String digest, Duration timeToLive) {
		tryIssue(digest, timeToLive);
	}

	@Override
	public boolean tryIssue(String digest, Duration timeToLive) {
		try {
			this.redis.execute(ISSUE, List.of(key(digest)), millis(timeToLive));
			return true;
		}
		catch (DataAccessException ex) {
			// Not thrown: a page still renders, and the connection endpoint answers 503.
			this.failures.warn("Realtime registry could not record an issued connection id in Redis "
					+ "(its socket will be refused)", ex);
			return false;
		}
	}

	@Override
	public Claim claim(String digest) {
		// The digest of a session that ended while Redis was away goes first: it is not resumed.
		if (this.pendingForgets.remove(digest) && !delete(digest)) {
			this.pendingForgets.add(digest);
		}
		// A socket closed here while Redis was away comes back: its release goes first.
		PendingRelease pending = this.pendingReleases.remove(digest);
		if (pending != null && !release(digest, pending)) {
			this.pendingReleases.putIfAbsent(digest, pending);
		}
		String number = Long.toString(this.claims.incrementAndGet());
		String outcome;
		try {
			outcome = this.redis.execute(CLAIM, List.of(key(digest), this.instanceKey), this.instanceId,
					millis(liveTimeToLive()), millis(this.resumeWindow), millis(this.instanceTimeout),
					this.instanceKeyPrefix, number);
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
			this.liveHere.put(digest, number);
		}
		return claim;
	}

	// Only a digest live here is released (a digest released twice, or taken over, is left as
	// it is), and only one released with its channels is written back when Redis lost it.
	@Override
	public void release(String digest, Duration resumeWindow) {
		release(digest, resumeWindow, null);
	}

	@Override
	public void release(String digest, Duration resumeWindow, @Nullable Set<String> channels) {
		String claim = this.liveHere.remove(digest);
		if (claim == null) {
			return;
		}
		PendingRelease release = new PendingRelease(claim, resumeWindow, channels, System.nanoTime());
		if (!release(digest, release)) {
			this.pendingReleases.put(digest, release);
		}
	}

	// Answers whether Redis could be asked. The resume window is counted from the socket's
	// close, on this instance's own clock, so a release retried late gives no more than it.
	// One with no window left (none configured, or retried after it) is still sent, and
	// detaches the digest for a millisecond: left alone it would stay live, refused as held
	// and counted, until its lease ran out, and then resume as one whose lease ran out.
	private boolean release(String digest, PendingRelease release) {
		Duration left = release.resumeWindow().minusNanos(System.nanoTime() - release.closedAt());
		boolean resumable = !left.isNegative() && !left.isZero();
		try {
			Long released = this.redis.execute(RELEASE, List.of(key(digest)), millis(left), this.instanceId,
					release.claim());
			Set<String> channels = release.channels();
			// Its socket held it until now, so no other instance can have claimed it.
			if (resumable && channels != null && released != null && released == 0L
					&& writeBack(digest, "detached", left, "", channels)) {
				this.closedWrittenBack.warn("Realtime registry wrote back the digest of a socket that closed, "
						+ "with its subscriptions, for its resume window", "Redis no longer held it (restarted "
								+ "empty, or away for longer than the lease)");
			}
			return true;
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not release a connection id in Redis "
					+ "(tried again once Redis answers, within its resume window)", ex);
			return false;
		}
	}

	void retryPending() {
		if (!this.retrying.tryLock()) {
			return;
		}
		try {
			for (String digest : this.pendingForgets) {
				// Taken out first, as a release is.
				if (this.pendingForgets.remove(digest) && !delete(digest)) {
					this.pendingForgets.add(digest);
					return;
				}
			}
			for (Map.Entry<String, PendingRelease> pending : this.pendingReleases.entrySet()) {
				// Taken out first: a claim of the digest meanwhile would release it too.
				if (this.pendingReleases.remove(pending.getKey(), pending.getValue())
						&& !release(pending.getKey(), pending.getValue())) {
					this.pendingReleases.putIfAbsent(pending.getKey(), pending.getValue());
					return;
				}
			}
		}
		finally {
			this.retrying.unlock();
		}
	}

	@Override
	public void forget(String digest) {
		this.liveHere.remove(digest);
		this.pendingReleases.remove(digest);
		if (!delete(digest)) {
			this.pendingForgets.add(digest);
		}
	}

	// Answers whether Redis could be asked. Whoever holds the digest now, it goes: its session
	// ended, and so did the key that made it.
	private boolean delete(String digest) {
		try {
			this.redis.delete(key(digest));
			return true;
		}
		catch (DataAccessException ex) {
			this.failures.warn("Realtime registry could not remove the connection id of an ended HTTP session "
					+ "from Redis (tried again once Redis answers)", ex);
			return false;
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
					List.of(this.sessionKeyPrefix + sha256(sessionId)), masked(sessionId, key), millis(timeToLive));
			return (first != null) ? unmasked(sessionId, first) : key;
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

	/**
	 * Stop renewing, and tell Redis that this instance is gone: the digests of sockets still
	 * live here (their release failed) may be resumed elsewhere at once.
	 */
	@Override
	public void close() {
		this.renewer.shutdownNow();
		try {
			this.redis.delete(this.instanceKey);
		}
		catch (RuntimeException ex) {
			// Redis away, or its connection closed already: the key expires with the timeout.
		}
	}

	// The key that tells the other instances this one is alive.
	String instanceKey() {
		return this.instanceKey;
	}

	void heartbeat() {
		try {
			Long present = this.redis.execute(HEARTBEAT, List.of(this.instanceKey), millis(this.instanceTimeout));
			if (present != null && present == 0L && !this.liveHere.isEmpty()) {
				// Missed (paused, or cut off from Redis): other instances may have taken over some
				// of the sockets open here, which should close now rather than at the next renewal.
				this.renewer.execute(this::renewLeases);
			}
			if (!this.pendingForgets.isEmpty() || !this.pendingReleases.isEmpty()) {
				this.renewer.execute(this::retryPending);
			}
		}
		catch (RuntimeException ex) {
			this.failures.warn("Realtime registry could not tell Redis that this instance is alive "
					+ "(past the instance timeout, its sockets may resume on other instances)", ex);
		}
	}

	void renewLeases() {
		if (this.liveHere.isEmpty() || !this.renewing.tryLock()) {
			return;
		}
		List<String> lost = new ArrayList<>();
		List<String> taken = new ArrayList<>();
		try {
			List<String> batch = new ArrayList<>(RENEW_BATCH);
			for (String digest : this.liveHere.keySet()) {
				batch.add(key(digest));
				if (batch.size() == RENEW_BATCH) {
					renew(batch, lost, taken);
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				renew(batch, lost, taken);
			}
			if (!taken.isEmpty()) {
				closeTakenOver(taken);
			}
			if (!lost.isEmpty()) {
				restore(lost);
			}
		}
		catch (RuntimeException ex) {
			this.failures.warn("Realtime registry could not renew the leases of live sockets in Redis", ex);
		}
		finally {
			this.renewing.unlock();
		}
	}

	private void renew(List<String> keys, List<String> lost, List<String> taken) {
		List<?> outcomes = this.redis.execute(RENEW, keys, this.instanceId, millis(liveTimeToLive()));
		if (outcomes != null) {
			for (int i = 0; i + 1 < outcomes.size(); i += 2) {
				String digest = ((String) outcomes.get(i)).substring(this.keyPrefix.length());
				("lost".equals(outcomes.get(i + 1)) ? lost : taken).add(digest);
			}
		}
	}

	// No longer live here first: the socket's release must leave the digest to its new owner.
	private void closeTakenOver(List<String> taken) {
		int closed = 0;
		for (String digest : taken) {
			// Not live here any more when it was released meanwhile.
			if (this.liveHere.remove(digest) != null) {
				this.socketsTakenOver.close(digest);
				closed++;
			}
		}
		if (closed == 0) {
			return;
		}
		logger.warn("Realtime registry closed " + closed + " socket(s) whose connection ids other instances "
				+ "took over while this instance was missed (stopped, or cut off from Redis, for longer than the "
				+ "instance timeout)");
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
		String claim = this.liveHere.get(digest);
		return claim != null && writeBack(digest, "live", liveTimeToLive(), claim, channels);
	}

	private boolean writeBack(String digest, String state, Duration timeToLive, String claim, Set<String> channels) {
		List<String> arguments = new ArrayList<>(channels.size() + 6);
		arguments.add(state);
		arguments.add(millis(timeToLive));
		arguments.add(this.instanceId);
		arguments.add(millis(this.resumeWindow));
		arguments.add(millis(this.instanceTimeout));
		arguments.add(claim);
		arguments.addAll(List.of(fields(channels)));
		Long outcome = this.redis.execute(WRITE_BACK, List.of(key(digest), this.instanceKey), arguments.toArray());
		return outcome != null && outcome == 1L;
	}

	// The lease, then the resume window: a digest whose owner stopped renewing it may still be
	// resumed for that window, and is gone after it.
	private Duration liveTimeToLive() {
		return this.liveLease.plus(this.resumeWindow);
	}

	private record PendingRelease(String claim, Duration resumeWindow, @Nullable Set<String> channels,
			long closedAt) {
	}

	private String key(String digest) {
		return this.keyPrefix + digest;
	}

	private static String[] fields(Collection<String> channels) {
		return channels.stream().map((channel) -> CHANNEL_FIELD_PREFIX + channel).toArray(String[]::new);
	}

	// The Redis key names no session id that a look at Redis would hand to someone.
	private static String sha256(String sessionId) {
		return HexFormat.of().formatHex(sha256().digest(sessionId.getBytes(StandardCharsets.UTF_8)));
	}

	// A socket key opens its sockets with no cookie (a client may name its key): what Redis
	// keeps is the key XOR a pad that only the session's id gives, so that reading Redis
	// hands no key to whoever does not hold the session already.
	private static String masked(String sessionId, String key) {
		return HexFormat.of().formatHex(xorPad(sessionId, key.getBytes(StandardCharsets.UTF_8)));
	}

	private static String unmasked(String sessionId, String masked) {
		return new String(xorPad(sessionId, HexFormat.of().parseHex(masked)), StandardCharsets.UTF_8);
	}

	// SHA-256 of a block number and the id, under a label of its own: the Redis key's name
	// (the id's plain SHA-256) gives no part of the pad.
	private static byte[] xorPad(String sessionId, byte[] bytes) {
		byte[] result = new byte[bytes.length];
		byte[] pad = new byte[0];
		for (int i = 0; i < bytes.length; i++) {
			if (i % 32 == 0) {
				pad = sha256().digest(("realtime first socket key " + (i / 32) + " " + sessionId)
					.getBytes(StandardCharsets.UTF_8));
			}
			result[i] = (byte) (bytes[i] ^ pad[i % 32]);
		}
		return result;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static String millis(Duration duration) {
		return Long.toString(Math.max(1, duration.toMillis()));
	}

}
