package dev.realtime.sample;

import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers refused input with 400 and {@code {"status":400,"error":"<what was wrong>"}}, the
 * shape of the socket's own error replies.
 */
@RestControllerAdvice(assignableTypes = MessageController.class)
class ApiErrors {

	@ExceptionHandler(BindException.class)
	ResponseEntity<ApiError> invalid(BindException ex) {
		String error = ex.getFieldErrors()
			.stream()
			.map(FieldError::getDefaultMessage)
			.sorted()
			.collect(Collectors.joining("; "));
		return badRequest(error.isEmpty() ? "invalid input" : error);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException ex) {
		return badRequest("request body must be a JSON object such as {\"content\":\"Hello\"}");
	}

	@ExceptionHandler(InvalidInputException.class)
	ResponseEntity<ApiError> invalidInput(InvalidInputException ex) {
		return badRequest(String.valueOf(ex.getMessage()));
	}

	private static ResponseEntity<ApiError> badRequest(String error) {
		return ResponseEntity.badRequest().body(new ApiError(HttpStatus.BAD_REQUEST.value(), error));
	}

	/**
	 * The body of an error answer.
	 *
	 * @param status the HTTP status
	 * @param error what was wrong
	 */
	record ApiError(int status, String error) {

	}

}
