package dev.realtime.boot.registry;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.realtime.boot.registry.RealtimeRegistry.Claim;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRealtimeRegistryTests {

	private final InMemoryRealtimeRegistry registry = new InMemoryRealtimeRegistry(Duration.ofMillis(20));

	@AfterEach
	void close() {
		this.registry.close();
	}

	@Test
	void issuedDigestIsClaimedOnceThenHeld() {
		this.registry.issue("d", Duration.ofMinutes(1));
		assertThat(this.registry.claim("d")).isEqualTo(Claim.ISSUED);
		assertThat(this.registry.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
	}

	@Test
	void unknownDigestIsNotClaimed() {
		assertThat(this.registry.claim("nobody")).isEqualTo(Claim.UNKNOWN);
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void releasedDigestResumesWithItsSubscriptionsWithinTheWindow() {
		this.registry.issue("d", Duration.ofMinutes(1));
		this.registry.subscribe("d", List.of("a", "b"));
		this.registry.claim("d");
		this.registry.release("d", Duration.ofMinutes(1));
		assertThat(this.registry.claim("d")).isEqualTo(Claim.RESUMED);
		assertThat(this.registry.subscriptions("d")).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void liveDigestNeverExpires() throws InterruptedException {
		this.registry.issue("d", Duration.ofMillis(10));
		this.registry.claim("d");
		Thread.sleep(100);
		assertThat(this.registry.size()).isEqualTo(1);
		assertThat(this.registry.claim("d")).isEqualTo(Claim.ALREADY_LIVE);
	}

	@Test
	void expiredDigestsAreUnknownAtOnceAndSweptAway() {
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
	void subscribingAnUnknownDigestIsIgnored() {
		assertThat(this.registry.subscribe("nobody", List.of("a"))).isFalse();
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void forgottenDigestCannotResume() {
		this.registry.issue("d", Duration.ofMinutes(1));
		this.registry.claim("d");
		this.registry.forget("d");
		assertThat(this.registry.claim("d")).isEqualTo(Claim.UNKNOWN);
	}

}
