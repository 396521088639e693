package dev.realtime.boot.redis;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions in Redis, so that a page rendered on one
 * instance and its socket opened on another share the session, as behind a load balancer.
 * Scans only the test application: scanning this package would also pick up its other
 * applications, their session timeout and their session serializer.
 */
@SpringBootApplication(scanBasePackageClasses = RealtimeTestApplication.class)
@EnableRedisHttpSession
class RedisSessionTestApplication {

}
