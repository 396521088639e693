package dev.realtime.boot.web;

import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Answers the methods that a functional endpoint of the starter does not take with 405 and
 * the methods it does, as an annotated controller's path would: without it, the request falls
 * through to the application's handlers and gets a 404, which says the path does not exist.
 * {@code HEAD} and {@code OPTIONS} are left to Spring MVC, which answers them for the path.
 */
final class MethodNotAllowed {

	private MethodNotAllowed() {
	}

	/**
	 * Return a route that answers every other method on a path with 405.
	 * @param path the endpoint's path
	 * @param allowed the methods the endpoint takes
	 * @return the route
	 */
	static RouterFunction<ServerResponse> otherMethods(String path, HttpMethod... allowed) {
		Set<HttpMethod> answered = Set.of(allowed);
		return RouterFunctions.route(RequestPredicates.path(path).and((request) -> {
			HttpMethod method = request.method();
			return !answered.contains(method) && !HttpMethod.HEAD.equals(method) && !HttpMethod.OPTIONS.equals(method);
		}), (request) -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).allow(allowed).build());
	}

}
