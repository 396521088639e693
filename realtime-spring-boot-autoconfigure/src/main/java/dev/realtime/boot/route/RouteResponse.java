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

	/**
	 * Make ready for the error page, as a container does: the body and the committed state
	 * go, the headers stay.
	 * @param status the error status
	 */
	void resetForErrorPage(int status) {
		setCommitted(false);
		resetBuffer();
		this.errorSent = false;
		setStatus(status);
	}

	boolean isErrorSent() {
		return this.errorSent;
	}

}
