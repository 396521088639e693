package dev.realtime.boot.session;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.realtime.boot.testapp.RealtimeTestApplication;

/**
 * The test application with its HTTP sessions kept by Spring Session JDBC as
 * {@code spring-boot-starter-session-jdbc} configures it, with nothing of its own: in an
 * embedded H2 database, which Boot creates with Spring Session's tables. Its tests run in a
 * Surefire execution of their own, the only one with these on the classpath (see the pom).
 * Scans only the test application, so that {@link SpringSessionTestApplication}'s repository
 * stays out.
 */
@SpringBootApplication(scanBasePackageClasses = RealtimeTestApplication.class)
class JdbcSessionTestApplication {

}
