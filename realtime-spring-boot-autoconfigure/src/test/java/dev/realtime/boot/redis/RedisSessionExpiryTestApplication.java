package dev.realtime.boot.redis;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions in Redis, kept by Spring Session's default
 * repository (which publishes no expiry event), expiring after four seconds of inactivity.
 * Scans only the test application, as {@link RedisSessionTestApplication} does.
 */
@SpringBootApplication(scanBasePackageClasses = RealtimeTestApplication.class)
@EnableRedisHttpSession(maxInactiveIntervalInSeconds = RedisSessionExpiryTestApplication.SESSION_TIMEOUT_SECONDS)
class RedisSessionExpiryTestApplication {

	static final int SESSION_TIMEOUT_SECONDS = 4;

}
