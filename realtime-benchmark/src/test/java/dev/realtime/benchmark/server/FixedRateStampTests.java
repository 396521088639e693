package dev.realtime.benchmark.server;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send stamps of a fixed rate: each push is stamped with the time it was due, so that a
 * push loop held up by the system under test counts as latency, not as a push made later.
 */
class FixedRateStampTests {

	@Test
	void aPushHeldUpBehindTheOneBeforeIsStampedWhenItWasDue() {
		List<Long> stamps = new ArrayList<>();
		// A system whose push takes 30 ms, pushed at 50/s (one every 20 ms): it falls behind.
		Pusher slow = (payload, channel) -> {
			stamps.add(((Tick) payload).t());
			sleep(30);
		};
		new BenchController(slow, null).push("bench", 0, 6, 50, 128);
		assertThat(stamps).hasSize(6);
		for (int i = 1; i < stamps.size(); i++) {
			assertThat(stamps.get(i) - stamps.get(0)).as("stamp of push " + i).isEqualTo(i * 20_000L);
		}
	}

	@Test
	void aPushOnTimeIsNeverStampedLaterThanItIsMade() {
		List<long[]> stampAndMade = new ArrayList<>();
		Pusher fast = (payload, channel) -> stampAndMade.add(new long[] { ((Tick) payload).t(), Tick.nowMicros() });
		new BenchController(fast, null).push("bench", 0, 200, 1000, 128);
		assertThat(stampAndMade).hasSize(200)
			.allSatisfy((pair) -> assertThat(pair[0]).as("stamp against the time the push was made")
				.isLessThanOrEqualTo(pair[1]));
	}

	@Test
	void pushesAsFastAsTheServerGoesAreStampedWhenMade() {
		List<Long> stamps = new ArrayList<>();
		Pusher slow = (payload, channel) -> {
			stamps.add(((Tick) payload).t());
			sleep(10);
		};
		new BenchController(slow, null).push("bench", 0, 3, 0, 128);
		assertThat(stamps.get(2) - stamps.get(0)).isGreaterThanOrEqualTo(20_000L);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
