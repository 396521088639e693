package dev.realtime.benchmark;

import org.junit.jupiter.api.Test;

import dev.realtime.benchmark.BenchmarkRunner.Pushed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The rate a fixed-rate push achieved: n pushes at r a second are offered over n/r seconds,
 * while the last of them is made (n-1)/r seconds after the first.
 */
class FixedRateWindowTests {

	private static final long MS = 1_000_000;

	@Test
	void aServerThatKeepsUpDeliversTheOfferedRateAndNoMore() {
		// 50 pushes at 10/s to 2,000 subscribers: the last push at 4.9 s, delivered 30 ms later.
		Pushed keptUp = new Pushed(100_000, 4_902 * MS, 4_930 * MS, 5_000 * MS, 1_000_000, 500_000, new int[0]);
		assertThat(keptUp.deliveriesPerSecond()).isCloseTo(20_000, within(0.001));
		assertThat(keptUp.windowNanos()).isEqualTo(5_000 * MS);
	}

	@Test
	void aServerThatFallsBehindIsTimedUntilItsLastDelivery() {
		Pushed behind = new Pushed(100_000, 4_902 * MS, 8_000 * MS, 5_000 * MS, 1_000_000, 500_000, new int[0]);
		assertThat(behind.deliveriesPerSecond()).isCloseTo(12_500, within(0.001));
	}

	@Test
	void pushesAsFastAsTheServerGoesAreTimedUntilTheLastDelivery() {
		Pushed burst = new Pushed(1_000_000, 500 * MS, 1_200 * MS, 0, 1_000_000, 500_000, new int[0]);
		assertThat(burst.deliveriesPerSecond()).isCloseTo(1_000_000 / 1.2, within(0.01));
	}

}
