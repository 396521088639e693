package dev.realtime.boot.connection;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads are added only for writes that wait on their client, and leave once those writes end.
 */
class SenderThreadsTests {

	private final SenderThreads senders = new SenderThreads(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch writing = new CountDownLatch(1);

	@AfterEach
	void shutdown() {
		this.release.countDown();
		this.senders.shutdown();
	}

	@Test
	void writeWaitingOnItsClientGetsAThreadThatLeavesOnceTheWriteEnds() throws Exception {
		this.senders.execute(() -> write(this::awaitRelease));
		awaitWriteOlderThanTheThreshold();
		this.senders.makeUpForBlockedWrites();
		this.senders.execute(() -> { });
		Thread.sleep(100);
		assertThat(this.senders.threadCount()).as("threads while one write waits").isEqualTo(2);
		this.release.countDown();
		// Work keeps coming, as lone frames do, so no thread is ever idle long enough to time out.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline && this.senders.threadCount() > 1) {
			this.senders.makeUpForBlockedWrites();
			for (int i = 0; i < 10; i++) {
				this.senders.execute(() -> write(() -> Thread.onSpinWait()));
			}
			Thread.sleep(5);
		}
		assertThat(this.senders.threadCount()).as("threads once the write ended").isEqualTo(1);
	}

	@Test
	void writeThatIsRunningForLongIsNotMadeUpFor() throws Exception {
		this.senders.execute(() -> write(() -> {
			while (this.release.getCount() > 0) {
				Thread.onSpinWait();
			}
		}));
		awaitWriteOlderThanTheThreshold();
		this.senders.makeUpForBlockedWrites();
		this.senders.execute(() -> { });
		Thread.sleep(100);
		assertThat(this.senders.threadCount()).as("threads while a write runs, waiting for nothing but a CPU")
			.isEqualTo(1);
	}

	// Held-up writes are those older than 50 ms.
	private void awaitWriteOlderThanTheThreshold() throws InterruptedException {
		assertThat(this.writing.await(10, TimeUnit.SECONDS)).as("write started").isTrue();
		Thread.sleep(150);
	}

	private void write(Runnable body) {
		SenderThreads.writing(System.nanoTime());
		this.writing.countDown();
		try {
			body.run();
		}
		finally {
			SenderThreads.writing(0);
		}
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
