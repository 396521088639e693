package dev.realtime.boot.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Logs a failure that may repeat thousands of times a second (every push while Redis is away)
 * at most once per interval, with the number of failures it stood for.
 */
final class ThrottledLog {

	private final Log logger;

	private final long intervalNanos;

	private final AtomicLong suppressed = new AtomicLong();

	private volatile long lastLoggedAt;

	private volatile boolean loggedOnce;

	ThrottledLog(Log logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Log a failure at WARN, unless one was logged within the interval.
	 * @param message what failed
	 * @param cause why
	 */
	void warn(String message, Throwable cause) {
		String text = report(message, describe(cause));
		if (text != null) {
			if (this.logger.isDebugEnabled()) {
				this.logger.warn(text, cause);
			}
			else {
				this.logger.warn(text);
			}
		}
	}

	/**
	 * Log a failure at WARN, unless one was logged within the interval.
	 * @param message what failed
	 * @param reason why
	 */
	void warn(String message, String reason) {
		String text = report(message, reason);
		if (text != null) {
			this.logger.warn(text);
		}
	}

	private @Nullable String report(String message, String reason) {
		long now = System.nanoTime();
		synchronized (this) {
			if (this.loggedOnce && now - this.lastLoggedAt < this.intervalNanos) {
				this.suppressed.incrementAndGet();
				return null;
			}
			this.loggedOnce = true;
			this.lastLoggedAt = now;
		}
		long others = this.suppressed.getAndSet(0);
		return message + ": " + reason
				+ ((others > 0) ? " (and " + others + " more like it since the last report)" : "");
	}

	/**
	 * Forget the last report, so that the next failure is logged at once.
	 */
	void reset() {
		synchronized (this) {
			this.loggedOnce = false;
		}
		this.suppressed.set(0);
	}

	static String describe(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		return (root != cause) ? text + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"
				: text;
	}

}
