package dev.realtime.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interval that (f) gives for the median of its pairs of segments, against the binomial
 * table.
 */
class MedianIntervalTests {

	@Test
	void thirtyPairsBoundTheMedianByTheirTenthSmallestAndTenthLargest() {
		// P(X <= 9) = 0.021 for X ~ Binomial(30, 1/2), P(X <= 10) = 0.049
		assertThat(BenchmarkRunner.medianIntervalRank(30)).isEqualTo(10);
	}

	@Test
	void fewerPairsGiveAWiderIntervalAndFiveGiveNone() {
		assertThat(BenchmarkRunner.medianIntervalRank(10)).isEqualTo(2);
		assertThat(BenchmarkRunner.medianIntervalRank(6)).isEqualTo(1);
		assertThat(BenchmarkRunner.medianIntervalRank(5)).isZero();
		assertThat(BenchmarkRunner.medianIntervalRank(1)).isZero();
	}

}
