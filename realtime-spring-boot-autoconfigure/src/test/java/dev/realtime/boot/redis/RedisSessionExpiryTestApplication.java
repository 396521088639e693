package dev.realtime.boot.redis;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions in Redis, kept by Spring Session's default
 * repository (which publishes no expiry event), expiring after four seconds of inactivity.
 */
@SpringBootApplication
@EnableRedisHttpSession(maxInactiveIntervalInSeconds = RedisSessionExpiryTestApplication.SESSION_TIMEOUT_SECONDS)
@Import(RealtimeTestApplication.class)
class RedisSessionExpiryTestApplication {

	static final int SESSION_TIMEOUT_SECONDS = 4;

}
