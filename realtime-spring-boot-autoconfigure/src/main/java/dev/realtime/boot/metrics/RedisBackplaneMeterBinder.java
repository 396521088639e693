package dev.realtime.boot.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.realtime.boot.redis.RedisBackplane;

/**
 * Meters of the Redis backplane, read from its own counters when the registry is scraped.
 */
public class RedisBackplaneMeterBinder implements MeterBinder {

	private final RedisBackplane backplane;

	/**
	 * Create a binder.
	 * @param backplane the Redis backplane of this instance
	 */
	public RedisBackplaneMeterBinder(RedisBackplane backplane) {
		this.backplane = backplane;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("realtime.redis.propagated", this.backplane, RedisBackplane::propagated)
			.description("Channel messages published to Redis for the other instances")
			.register(registry);
		FunctionCounter.builder("realtime.redis.not-propagated", this.backplane, RedisBackplane::notPropagated)
			.description("Channel messages that could not be published to Redis: the other instances missed them")
			.register(registry);
		FunctionCounter.builder("realtime.redis.received", this.backplane, RedisBackplane::received)
			.description("Channel messages of other instances received from Redis")
			.register(registry);
		FunctionCounter.builder("realtime.redis.missed", this.backplane, RedisBackplane::missed)
			.description("Channel messages of other instances that this instance missed (gaps in their numbers)")
			.register(registry);
		FunctionCounter.builder("realtime.redis.malformed", this.backplane, RedisBackplane::malformed)
			.description("Messages on the realtime channels in Redis that no instance published whole, dropped")
			.register(registry);
		Gauge.builder("realtime.redis.pending", this.backplane, RedisBackplane::pending)
			.description("Channel messages waiting to be published to Redis")
			.register(registry);
		Gauge.builder("realtime.redis.connected", this.backplane, (backplane) -> backplane.isConnected() ? 1 : 0)
			.description("Whether Redis answered the last publish or check (1) or not (0)")
			.register(registry);
	}

}
