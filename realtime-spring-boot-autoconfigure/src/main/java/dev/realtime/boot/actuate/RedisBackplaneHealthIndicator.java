package dev.realtime.boot.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.realtime.boot.redis.RedisBackplane;
import dev.realtime.boot.redis.RedisBackplane.Failure;

/**
 * Health of the Redis backplane: up while Redis answers, down with the last failure otherwise.
 * Local delivery goes on while it is down; only the other instances miss this one's pushes.
 */
public class RedisBackplaneHealthIndicator extends AbstractHealthIndicator {

	private final RedisBackplane backplane;

	/**
	 * Create an indicator.
	 * @param backplane the Redis backplane of this instance
	 */
	public RedisBackplaneHealthIndicator(RedisBackplane backplane) {
		super("Redis backplane health check failed");
		this.backplane = backplane;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.backplane.isConnected()) {
			builder.up();
		}
		else {
			builder.down();
			Failure failure = this.backplane.lastFailure();
			if (failure != null) {
				builder.withDetail("reason", failure.reason()).withDetail("since", failure.at().toString());
			}
		}
		builder.withDetail("propagated", this.backplane.propagated())
			.withDetail("notPropagated", this.backplane.notPropagated())
			.withDetail("received", this.backplane.received())
			.withDetail("missed", this.backplane.missed())
			.withDetail("malformed", this.backplane.malformed())
			.withDetail("pending", this.backplane.pending());
	}

}
