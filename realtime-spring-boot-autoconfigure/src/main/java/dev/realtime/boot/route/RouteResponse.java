package dev.realtime.boot.route;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The servlet response of a route called over the socket; it remembers whether the application
 * asked for an error page, as the container would.
 */
class RouteResponse extends MockHttpServletResponse {

	private boolean errorSent;

	RouteResponse() {
		setDefaultCharacterEncoding("UTF-8");
	}

	@Override
	public void sendError(int status, @Nullable String errorMessage) throws IOException {
		super.sendError(status, errorMessage);
		this.errorSent = true;
	}

	@Override
	public void sendError(int status) throws IOException {
		super.sendError(status);
		this.errorSent = true;
	}

	boolean isErrorSent() {
		return this.errorSent;
	}

}
