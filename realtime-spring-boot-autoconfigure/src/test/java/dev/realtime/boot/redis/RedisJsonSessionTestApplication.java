package dev.realtime.boot.redis;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions in Redis, kept by Spring Session's default
 * repository, their attributes written as JSON instead of with Java serialization: the bean
 * that Spring Session's documentation shows, on the application's Jackson 3 {@link JsonMapper}.
 * Scans only the test application, so that the other applications of this package never pick
 * up its serializer.
 */
@SpringBootApplication(scanBasePackageClasses = RealtimeTestApplication.class)
@EnableRedisHttpSession
class RedisJsonSessionTestApplication {

	@Bean
	RedisSerializer<Object> springSessionDefaultRedisSerializer(JsonMapper jsonMapper) {
		return new GenericJacksonJsonRedisSerializer(jsonMapper);
	}

}
