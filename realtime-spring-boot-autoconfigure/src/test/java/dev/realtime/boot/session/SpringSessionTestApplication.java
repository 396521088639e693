package dev.realtime.boot.session;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.events.SessionDeletedEvent;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions kept by Spring Session instead of the container.
 * Scans only the test application: {@link JdbcSessionTestApplication}, in this package, is not
 * part of it.
 */
@SpringBootApplication(scanBasePackageClasses = RealtimeTestApplication.class)
@EnableSpringHttpSession
class SpringSessionTestApplication {

	// Publishes SessionDeletedEvent as the Redis and Hazelcast repositories do (the map
	// repository itself publishes none).
	@Bean
	MapSessionRepository sessionRepository(ApplicationEventPublisher events) {
		return new MapSessionRepository(new ConcurrentHashMap<>()) {

			@Override
			public void deleteById(String id) {
				MapSession session = findById(id);
				super.deleteById(id);
				if (session != null) {
					events.publishEvent(new SessionDeletedEvent(this, session));
				}
			}

		};
	}

}
