package dev.realtime.sample;

/**
 * Input that a route refuses with 400 Bad Request.
 */
class InvalidInputException extends RuntimeException {

	InvalidInputException(String message) {
		super(message);
	}

}
