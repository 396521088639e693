package dev.realtime.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat room: {@code GET /} renders a page subscribed to the {@code chat} channel, and
 * {@code POST /messages} pushes a message to everyone on it.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
