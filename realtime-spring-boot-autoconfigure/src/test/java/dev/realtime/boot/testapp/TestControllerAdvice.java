package dev.realtime.boot.testapp;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import dev.realtime.boot.testapp.TestController.AdvisedFailureException;

// A catch-all page for failures, as applications answer a crawler's 404s.
@ControllerAdvice(assignableTypes = TestController.class)
class TestControllerAdvice {

	@ExceptionHandler(AdvisedFailureException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String advisedFailure() {
		return "failed";
	}

}
