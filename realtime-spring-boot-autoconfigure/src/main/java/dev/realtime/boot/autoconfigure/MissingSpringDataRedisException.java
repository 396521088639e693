package dev.realtime.boot.autoconfigure;

/**
 * Thrown at startup when {@code realtime.registry=redis} is set and Spring Data Redis is not on
 * the classpath: the application asked for several instances sharing Redis, and would otherwise
 * fail for want of a registry bean, which says nothing of Redis.
 */
class MissingSpringDataRedisException extends IllegalStateException {

	MissingSpringDataRedisException() {
		super("realtime.registry=redis needs Spring Data Redis (spring-boot-starter-data-redis) on the classpath");
	}

}
