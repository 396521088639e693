package dev.realtime.boot.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write frames to sockets. A write to a client that stopped reading blocks
 * its thread until the send limits close the socket (seconds); meanwhile another thread makes
 * up for it, so that a few stalled clients never take the writing away from the others. A
 * container's blocking write is the cheapest way to send a lone frame, so writes stay
 * blocking, and only the threads they hold up are counted. Once those writes end, the extra
 * threads go: more writers than CPUs only take turns at the CPUs, and every lone frame would
 * wake another of them.
 */
final class SenderThreads implements Executor {

	// A frame or a burst takes microseconds to write: a write this old, whose thread is not
	// running, waits on its client. A thread that is merely runnable is waiting for a CPU, which
	// more threads would not give it; when every CPU is busy (thousands of sockets opening at
	// once, say) that wait can be this long too.
	private static final long BLOCKED_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private static final int MAX_THREADS_FACTOR = 4;

	private final int threads;

	private final int maxThreads;

	private final ThreadPoolExecutor pool;

	private final Set<Sender> live = ConcurrentHashMap.newKeySet();

	private final AtomicInteger count = new AtomicInteger();

	/**
	 * Create the threads.
	 * @param threads how many threads write when no write is held up; up to four times as many
	 * while writes are
	 */
	SenderThreads(int threads) {
		this.threads = threads;
		this.maxThreads = threads * MAX_THREADS_FACTOR;
		this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(work) -> new Sender(work, "realtime-send-" + this.count.incrementAndGet()));
		this.pool.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable command) {
		this.pool.execute(command);
	}

	/**
	 * Record that the calling thread starts or ends a write to a socket.
	 * @param startedAt when the write started ({@link System#nanoTime()}), or 0 when it ended
	 */
	static void writing(long startedAt) {
		if (Thread.currentThread() instanceof Sender sender) {
			sender.writeStartedAt = startedAt;
		}
	}

	/**
	 * Add a thread for every write held up by its client, and let them go once the writes end.
	 */
	void makeUpForBlockedWrites() {
		long now = System.nanoTime();
		int blocked = 0;
		for (Sender sender : this.live) {
			long started = sender.writeStartedAt;
			if (started != 0 && now - started > BLOCKED_AFTER_NANOS && sender.getState() != Thread.State.RUNNABLE) {
				blocked++;
			}
		}
		resize(Math.min(this.maxThreads, this.threads + blocked));
	}

	// The queue is unbounded, so the pool never grows past its core size by itself; the maximum
	// follows the core size because a worker over the maximum leaves at its next task, where one
	// over the core size would stay for as long as work keeps coming, which lone frames do.
	private void resize(int wanted) {
		int current = this.pool.getCorePoolSize();
		if (wanted > current) {
			this.pool.setMaximumPoolSize(wanted);
			this.pool.setCorePoolSize(wanted);
		}
		else if (wanted < current) {
			this.pool.setCorePoolSize(wanted);
			this.pool.setMaximumPoolSize(wanted);
		}
	}

	/**
	 * Return how many sender threads are alive.
	 * @return the number of threads
	 */
	int threadCount() {
		return this.live.size();
	}

	void shutdown() {
		this.pool.shutdown();
	}

	private final class Sender extends Thread {

		private volatile long writeStartedAt;

		Sender(Runnable work, String name) {
			super(work, name);
			setDaemon(true);
		}

		@Override
		public void run() {
			SenderThreads.this.live.add(this);
			try {
				super.run();
			}
			finally {
				SenderThreads.this.live.remove(this);
			}
		}

	}

}
