package dev.realtime.boot.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.realtime.boot.registry.RealtimeRegistry.Claim;
import dev.realtime.boot.support.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis registry keeps the in-memory registry's rules, in a real Redis shared by whoever
 * uses the same prefix.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRealtimeRegistryTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private LettuceConnectionFactory connectionFactory;

	private String prefix;

	private RedisRealtimeRegistry registry;

	private RedisRealtimeRegistry otherInstance;

	@BeforeEach
	void connect() {
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		// Each test under its own prefix: size() counts only its digests.
		this.prefix = "test-" + UUID.randomUUID() + ":";
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		this.registry = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMillis(300));
		this.otherInstance = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMillis(300));
	}

	@AfterEach
	void close() throws Exception {
		this.registry.close();
		this.otherInstance.close();
		this.connectionFactory.destroy();
		redis.start();
	}

	@Test
	void instanceTimeoutNotShorterThanTheResumeWindowIsWarnedOfAtStartup(CapturedOutput output) {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (RedisRealtimeRegistry tooShort = new RedisRealtimeRegistry(template, this.prefix, Duration.ofSeconds(30),
				Duration.ofSeconds(10), Duration.ofSeconds(5), OpenSubscriptions.NONE, SocketsTakenOver.NONE);
				RedisRealtimeRegistry noWindow = new RedisRealtimeRegistry(template, this.prefix, Duration.ofSeconds(30),
						Duration.ofSeconds(10), Duration.ZERO, OpenSubscriptions.NONE, SocketsTakenOver.NONE)) {
			assertThat(output).containsOnlyOnce("realtime.redis.instance-timeout (10000 ms) is not shorter than "
					+ "realtime.resume-window (5000 ms)");
		}
	}

	@Test
	void issuedDigestIsClaimedOnceThenHeldOnEveryInstance() {
		this.registry.issue("d", Duration.ofMinutes(1));
		assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.ISSUED);
		assertThat(this.registry.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
		assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
	}

	@Test
	void firstSessionKeyRecordedIsTheOneEveryInstanceGetsUntilItExpires() throws Exception {
		assertThat(this.registry.firstSessionKey("session-1", "key-a", Duration.ofMillis(300))).isEqualTo("key-a");
		assertThat(this.otherInstance.firstSessionKey("session-1", "key-b", Duration.ofMillis(300))).isEqualTo("key-a");
		assertThat(this.otherInstance.firstSessionKey("session-2", "key-c", Duration.ofMillis(300))).isEqualTo("key-c");
		assertThat(this.registry.size()).as("digests counted").isZero();
		assertThat(redis.command("KEYS", "*session-1*")).as("keys naming the session id").startsWith("*0");
		Thread.sleep(400);
		assertThat(this.otherInstance.firstSessionKey("session-1", "key-d", Duration.ofMillis(300))).isEqualTo("key-d");
	}

	@Test
	void firstSessionKeyIsTheGivenOneWhileRedisIsAway() {
		redis.stop();
		assertThat(this.registry.firstSessionKey("session-1", "key-a", Duration.ofMinutes(1))).isEqualTo("key-a");
	}

	@Test
	void unknownDigestIsNotClaimed() {
		assertThat(this.registry.claim("nobody")).isEqualTo(Claim.UNKNOWN);
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void releasedDigestResumesWithItsSubscriptionsOnAnotherInstance() {
		this.registry.issue("d", Duration.ofMinutes(1));
		this.registry.subscribe("d", List.of("a", "b"));
		this.registry.claim("d");
		this.registry.unsubscribe("d", List.of("b"));
		this.registry.release("d", Duration.ofMinutes(1));
		assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.RESUMED);
		assertThat(this.otherInstance.subscriptions("d")).containsExactly("a");
	}

	@Test
	void liveDigestOutlivesItsTimeToLiveWhileItsInstanceRenewsItsLease() throws InterruptedException {
		this.registry.issue("d", Duration.ofMillis(50));
		this.registry.claim("d");
		Thread.sleep(1000);
		assertThat(this.registry.size()).isEqualTo(1);
		assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
	}

	@Test
	void liveDigestOfAnInstanceThatStoppedResumesOnAnotherThenExpiresWithItsLeaseAndResumeWindow() {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (RedisRealtimeRegistry stopping = registry(template, Duration.ofMinutes(1));
				RedisRealtimeRegistry shortWindow = new RedisRealtimeRegistry(template, this.prefix,
						Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ofMillis(300), OpenSubscriptions.NONE,
						SocketsTakenOver.NONE)) {
			stopping.issue("d", Duration.ofMinutes(1));
			stopping.subscribe("d", List.of("a"));
			stopping.claim("d");
			shortWindow.issue("e", Duration.ofMinutes(1));
			shortWindow.claim("e");
			stopping.close();
			shortWindow.close();
			assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.RESUMED);
			assertThat(this.otherInstance.subscriptions("d")).containsExactly("a");
			// Nothing lingers longer than the lease and the resume window.
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.otherInstance.size() == 1);
			assertThat(this.otherInstance.claim("e")).isEqualTo(Claim.UNKNOWN);
		}
	}

	@Test
	void liveDigestOfAnInstanceThatIsMissedResumesOnOneOtherInstanceOnly() throws Exception {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		for (int i = 0; i < 20; i++) {
			String digest = "d" + i;
			String missedKey;
			try (RedisRealtimeRegistry missed = registry(template, Duration.ofMinutes(1))) {
				missed.issue(digest, Duration.ofMinutes(1));
				missed.claim(digest);
				assertThat(this.otherInstance.claim(digest)).isEqualTo(Claim.ALREADY_LIVE);
				missedKey = missed.instanceKey();
			}
			// Gone as after the instance timeout: the close deletes it, but on a loaded machine
			// that command may time out (500 ms here), and this test is about the race below.
			Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
				template.delete(missedKey);
				return !template.hasKey(missedKey);
			});
			CompletableFuture<Claim> first = CompletableFuture.supplyAsync(() -> this.registry.claim(digest));
			CompletableFuture<Claim> second = CompletableFuture.supplyAsync(() -> this.otherInstance.claim(digest));
			assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(Claim.RESUMED,
					Claim.ALREADY_LIVE);
		}
	}

	@Test
	void instanceThatWasMissedClosesTheSocketWhoseDigestAnotherTookOverAndLeavesItToIt() {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		List<String> closed = new CopyOnWriteArrayList<>();
		try (RedisRealtimeRegistry paused = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMillis(300),
				Duration.ofSeconds(2), Duration.ofMinutes(1), OpenSubscriptions.NONE, closed::add)) {
			paused.issue("d", Duration.ofMinutes(1));
			paused.claim("d");
			paused.issue("kept", Duration.ofMinutes(1));
			paused.claim("kept");
			// What a pause longer than the instance timeout leaves: the instance's own key gone.
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
				template.delete(paused.instanceKey());
				return this.otherInstance.claim("d") == Claim.RESUMED;
			});
			Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closed).containsExactly("d"));
			paused.release("d", Duration.ofMinutes(1), Set.of());
			assertThat(this.registry.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
		}
	}

	@Test
	void liveDigestWhoseLeaseRanOutResumesOnAnotherInstanceThoughItsOwnerIsAlive() {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (RedisRealtimeRegistry owner = registry(template, Duration.ofMinutes(1))) {
			owner.issue("d", Duration.ofMinutes(1));
			owner.subscribe("d", List.of("a"));
			owner.claim("d");
			// An owner alive that no longer renews the digest (its release could not reach Redis).
			owner.close();
			template.opsForValue().set(owner.instanceKey(), "1", Duration.ofMinutes(1));
			assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.otherInstance.claim("d") == Claim.RESUMED);
			assertThat(this.otherInstance.subscriptions("d")).containsExactly("a");
		}
	}

	@Test
	void socketClosedWhileRedisIsAwayResumesWithItsSubscriptionsOnceRedisIsBack() throws Exception {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (RedisRealtimeRegistry holding = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMinutes(1),
				Duration.ofSeconds(10), Duration.ofMinutes(1), OpenSubscriptions.NONE, SocketsTakenOver.NONE)) {
			holding.issue("d", Duration.ofMinutes(1));
			holding.subscribe("d", List.of("a"));
			holding.claim("d");
			// Away, then back with what it held (a network cut, or a Redis that persists).
			redis.command("SAVE");
			redis.stop();
			try {
				holding.release("d", Duration.ofMinutes(1), Set.of("a"));
			}
			finally {
				redis.start();
				Files.delete(Path.of(configuredDirectory(), "dump.rdb"));
			}
			assertThat(redis.command("HGET", this.prefix + "digest:d", "state")).contains("live");
			Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.otherInstance.claim("d"), (claim) -> claim == Claim.RESUMED);
			assertThat(this.otherInstance.subscriptions("d")).containsExactly("a");
		}
	}

	@Test
	void digestOfASessionThatEndedWhileRedisWasAwayIsForgottenOnceRedisIsBack() throws Exception {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (RedisRealtimeRegistry holding = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMinutes(1),
				Duration.ofSeconds(10), Duration.ofMinutes(1), OpenSubscriptions.NONE, SocketsTakenOver.NONE)) {
			forgetWhileRedisIsAway(holding, "d");
			// Retried within a fifth of the instance timeout once Redis answers.
			Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> redis.command("EXISTS", this.prefix + "digest:d"), (reply) -> reply.startsWith(":0"));
			assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.UNKNOWN);
		}
	}

	@Test
	void digestOfASessionThatEndedWhileRedisWasAwayIsNotClaimedOnItsInstanceOnceRedisIsBack() throws Exception {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		// Told Redis it is alive every 12 s: the claim below comes before the next time.
		try (RedisRealtimeRegistry holding = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMinutes(1),
				Duration.ofMinutes(1), Duration.ofMinutes(1), OpenSubscriptions.NONE, SocketsTakenOver.NONE)) {
			forgetWhileRedisIsAway(holding, "d");
			Claim claim = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> holding.claim("d"), (outcome) -> outcome != Claim.UNAVAILABLE);
			assertThat(claim).isEqualTo(Claim.UNKNOWN);
		}
	}

	// A live digest whose session ends while Redis is away, then back with what it held (a
	// network cut, or a Redis that persists).
	private void forgetWhileRedisIsAway(RedisRealtimeRegistry holding, String digest) throws Exception {
		holding.issue(digest, Duration.ofMinutes(1));
		holding.subscribe(digest, List.of("a"));
		holding.claim(digest);
		redis.command("SAVE");
		redis.stop();
		try {
			holding.forget(digest);
		}
		finally {
			redis.start();
			Files.delete(Path.of(configuredDirectory(), "dump.rdb"));
		}
		assertThat(redis.command("HGET", this.prefix + "digest:" + digest, "state")).contains("live");
	}

	private static String configuredDirectory() throws Exception {
		// *2 $3 dir $<n> <directory>
		String[] reply = redis.command("CONFIG", "GET", "dir").split("\r\n");
		return reply[reply.length - 1];
	}

	private RedisRealtimeRegistry registry(StringRedisTemplate template, Duration instanceTimeout) {
		return new RedisRealtimeRegistry(template, this.prefix, Duration.ofMillis(300), instanceTimeout,
				Duration.ofSeconds(30), OpenSubscriptions.NONE, SocketsTakenOver.NONE);
	}

	@Test
	void liveDigestThatRedisLostIsWrittenBackWithItsSocketsSubscriptionsAndCanResume() {
		Map<String, Set<String>> open = new ConcurrentHashMap<>(Map.of("d", Set.of("a", "b")));
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (RedisRealtimeRegistry holding = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMillis(300),
				(digest, action) -> {
					Set<String> channels = open.get(digest);
					if (channels != null) {
						action.accept(channels);
					}
					return channels != null;
				})) {
			holding.issue("d", Duration.ofMinutes(1));
			holding.claim("d");
			// What a Redis restarted empty, or away for longer than the lease, leaves.
			template.delete(this.prefix + "digest:d");
			Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(this.otherInstance.subscriptions("d")).containsExactlyInAnyOrder("a", "b");
				assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
			});
			holding.release("d", Duration.ofMinutes(1));
			assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.RESUMED);
			assertThat(this.otherInstance.subscriptions("d")).containsExactlyInAnyOrder("a", "b");
		}
	}

	@Test
	void lostDigestWhoseSocketIsNoLongerOpenHereIsNotWrittenBack() throws InterruptedException {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (RedisRealtimeRegistry holding = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMillis(300),
				(digest, action) -> false)) {
			holding.issue("d", Duration.ofMinutes(1));
			holding.claim("d");
			template.delete(this.prefix + "digest:d");
			// Ten renewals.
			Thread.sleep(1000);
			assertThat(holding.size()).isZero();
			assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.UNKNOWN);
		}
	}

	@Test
	void expiredDigestsAndTheirSubscriptionsLeaveRedis() {
		this.registry.issue("issued", Duration.ofMillis(10));
		this.registry.issue("released", Duration.ofMinutes(1));
		this.registry.subscribe("released", List.of("a"));
		this.registry.claim("released");
		this.registry.release("released", Duration.ofMillis(10));
		Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> this.registry.size() == 0);
		assertThat(this.registry.claim("issued")).isEqualTo(Claim.UNKNOWN);
		assertThat(this.registry.claim("released")).isEqualTo(Claim.UNKNOWN);
		assertThat(this.registry.subscriptions("released")).isEmpty();
	}

	@Test
	void digestOfASocketClosedWithNoResumeWindowLeavesRedisAtOnce() throws Exception {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		// realtime.resume-window=0: a socket that closes cannot resume.
		try (RedisRealtimeRegistry noResume = new RedisRealtimeRegistry(template, this.prefix, Duration.ofMinutes(1),
				Duration.ofSeconds(10), Duration.ZERO, OpenSubscriptions.NONE, SocketsTakenOver.NONE)) {
			noResume.issue("d", Duration.ofMinutes(1));
			noResume.subscribe("d", List.of("a"));
			noResume.claim("d");
			noResume.release("d", Duration.ZERO, Set.of("a"));
			Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> noResume.size() == 0);
			assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.UNKNOWN);
		}
	}

	@Test
	void subscribingAnUnknownDigestIsIgnored() {
		assertThat(this.registry.subscribe("nobody", List.of("a"))).isFalse();
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void forgottenDigestCannotResume() {
		this.registry.issue("d", Duration.ofMinutes(1));
		this.registry.claim("d");
		this.registry.forget("d");
		assertThat(this.otherInstance.claim("d")).isEqualTo(Claim.UNKNOWN);
	}

	@Test
	void whileRedisIsAwayClaimsAnswerUnavailableAndNothingThrows() {
		redis.stop();
		this.registry.issue("d", Duration.ofMinutes(1));
		assertThat(this.registry.claim("d")).isEqualTo(Claim.UNAVAILABLE);
		assertThat(this.registry.subscribe("d", List.of("a"))).isFalse();
		assertThat(this.registry.subscriptions("d")).isEmpty();
		this.registry.unsubscribe("d", List.of("a"));
		this.registry.release("d", Duration.ofMinutes(1));
		this.registry.forget("d");
		assertThat(this.registry.size()).as("digests counted while Redis is away").isEqualTo(-1);
	}

	@Test
	void sizeCountsOnlyItsOwnPrefixWhateverCharactersThePrefixHas() throws Exception {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		String unique = UUID.randomUUID().toString();
		try (RedisRealtimeRegistry globbed = new RedisRealtimeRegistry(template, unique + "-app[1]*?:",
				Duration.ofMinutes(1));
				RedisRealtimeRegistry plain = new RedisRealtimeRegistry(template, unique + "-app1xy:",
						Duration.ofMinutes(1))) {
			plain.issue("x", Duration.ofMinutes(1));
			plain.issue("y", Duration.ofMinutes(1));
			globbed.issue("d", Duration.ofMinutes(1));
			assertThat(globbed.claim("d")).isEqualTo(Claim.ISSUED);
			assertThat(globbed.size()).isEqualTo(1);
			assertThat(plain.size()).isEqualTo(2);
		}
	}

}
