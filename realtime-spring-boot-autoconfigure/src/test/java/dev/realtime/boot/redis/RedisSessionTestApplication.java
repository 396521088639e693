package dev.realtime.boot.redis;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions in Redis, so that a page rendered on one
 * instance and its socket opened on another share the session, as behind a load balancer.
 */
@SpringBootApplication
@EnableRedisHttpSession
@Import(RealtimeTestApplication.class)
class RedisSessionTestApplication {

}
