package dev.realtime.boot.testapp;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes at the edges of what a call over the socket carries.
 */
@RestController
@RequestMapping("/route-edge")
class RouteEdgeTestController {

	// Starts async itself, as a filter or a servlet may, and answers through the async
	// context's response.
	@GetMapping("/start-async")
	void startAsyncWithoutArguments(HttpServletRequest request) {
		AsyncContext async = request.startAsync();
		CompletableFuture.runAsync(() -> {
			try {
				ServletResponse response = async.getResponse();
				response.setContentType("text/plain");
				response.getWriter().write("answered through the async context's response, original: "
						+ async.hasOriginalRequestAndResponse());
			}
			catch (RuntimeException | IOException ex) {
				// The reply then has no body, which the test tells from the expected one.
			}
			finally {
				async.complete();
			}
		});
	}

}
