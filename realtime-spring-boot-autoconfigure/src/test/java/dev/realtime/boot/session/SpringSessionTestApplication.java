package dev.realtime.boot.session;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions kept by Spring Session instead of the container.
 */
@SpringBootApplication
@EnableSpringHttpSession
@Import(RealtimeTestApplication.class)
class SpringSessionTestApplication {

	@Bean
	MapSessionRepository sessionRepository() {
		return new MapSessionRepository(new ConcurrentHashMap<>());
	}

}
