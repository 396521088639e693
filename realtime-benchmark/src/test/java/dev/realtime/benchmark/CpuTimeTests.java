package dev.realtime.benchmark;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * CPU times read from {@code /proc} in the kernel's clock ticks, turned into microseconds.
 */
class CpuTimeTests {

	@Test
	void theClockTicksAreTheKernelsAndNothingElse() {
		assertThat(ServerProcess.clockTicks("250\n")).isEqualTo(250);
		assertThatIllegalStateException().isThrownBy(() -> ServerProcess.clockTicks("(getconf unavailable)"));
		assertThatIllegalStateException().isThrownBy(() -> ServerProcess.clockTicks("0"));
	}

	@Test
	void aProcesssCpuTimeFromProcAgreesWithTheJvmsOwnCount() {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		long spin = System.nanoTime() + 300_000_000L;
		long sink = 0;
		while (System.nanoTime() < spin) {
			sink += sink * 31 + 7;
		}
		long jvmMicros = os.getProcessCpuTime() / 1000;
		long procMicros = Machine.selfCpuMicros();
		assertThat(sink).isNotZero();
		// /proc counts in whole ticks, and other threads run meanwhile: a few ticks apart.
		assertThat((double) procMicros).isCloseTo(jvmMicros, org.assertj.core.data.Offset.offset(0.1 * jvmMicros + 50_000));
	}

}
