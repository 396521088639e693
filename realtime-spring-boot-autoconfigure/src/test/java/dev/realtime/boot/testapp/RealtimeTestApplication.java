package dev.realtime.boot.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that uses the starter as a user would, for end-to-end tests.
 */
@SpringBootApplication
public class RealtimeTestApplication {

}
