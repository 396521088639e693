package dev.realtime.boot.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.WebUtils;

/**
 * Decides which rendered responses carry a connection id. Every id minted costs a registry
 * entry and, for a browser, an HTTP session and its cookie, so one is minted only for a response
 * that a browser shows as a page and can open a socket from.
 */
public final class PageRequests {

	private PageRequests() {
	}

	/**
	 * Whether a view rendered for the request carries a connection id: when the request already
	 * acts for a socket (its handler used {@code RealtimeSocket}), always, as that costs nothing
	 * more; otherwise only when the response is a page of its own, not the body of a
	 * {@code HEAD} request, an error page (an error dispatch, an exception handler's view, or any
	 * response with a 4xx or 5xx status), or a partial that HTMX swaps into a page that has its
	 * own socket. What the view renders (HTML, JSON) is for the caller to tell.
	 * @param request the request
	 * @param status the status of the response the view renders
	 * @return whether to give its views the request's connection id, minting one if needed
	 */
	public static boolean carriesConnectionId(HttpServletRequest request, int status) {
		if (HttpMethod.HEAD.matches(request.getMethod())) {
			// The container discards the body, so nobody could ever claim its id.
			return false;
		}
		return actsForSocket(request) || (!isErrorPage(request, status) && !isHtmxPartial(request));
	}

	/**
	 * Whether the request is a browser's navigation to a page: the browser says so
	 * ({@code Sec-Fetch-Mode: navigate}), or htmx asks for a whole page to swap in (a boosted
	 * link or form, a history restore). A view named as a fragment ({@code "layout :: page"}) is then
	 * a whole page too, rather than a partial that a script fetched.
	 * @param request the request
	 * @return whether the request asks for a whole page
	 */
	public static boolean isNavigation(HttpServletRequest request) {
		return "navigate".equals(request.getHeader("Sec-Fetch-Mode")) || isHtmxPageSwap(request);
	}

	/**
	 * Whether the request already acts for a socket, so that giving its id to a view mints
	 * nothing.
	 * @param request the request
	 * @return whether the request has a socket identity
	 */
	public static boolean actsForSocket(HttpServletRequest request) {
		return request.getAttribute(RequestRealtimeSocket.IDENTITY_ATTRIBUTE) != null;
	}

	// Boot's error page renders in an error dispatch; an @ExceptionHandler's view renders in the
	// failed request itself, which Spring MVC marks with the exception before rendering it; a
	// handler may also render its own "not found" page with an error status. A catch-all
	// handler, or a page for an unknown product, also answers a crawler's 404s, which should
	// cost no session.
	private static boolean isErrorPage(HttpServletRequest request, int status) {
		return status >= 400 || request.getDispatcherType() == DispatcherType.ERROR
				|| request.getAttribute(WebUtils.ERROR_EXCEPTION_ATTRIBUTE) != null;
	}

	/**
	 * Whether the response is a whole page that htmx swaps into the {@code <body>} of the page
	 * that asked for it: a boosted link or form, or a history entry missing from htmx's cache.
	 * htmx keeps that {@code <body>} element and its attributes, and takes only the new page's
	 * content, so the page's connection id must also travel in that content.
	 * @param request the request
	 * @return whether the request comes from htmx for a page that replaces the current one
	 */
	public static boolean isHtmxPageSwap(HttpServletRequest request) {
		// htmx sends HX-History-Restore-Request without HX-Request when its
		// historyRestoreAsHxRequest is off.
		return "true".equals(request.getHeader("HX-History-Restore-Request"))
				|| ("true".equals(request.getHeader("HX-Request")) && "true".equals(request.getHeader("HX-Boosted")));
	}

	// HTMX marks its requests; a boosted one (a link or form that htmx took over) and a history
	// restore still ask for a whole page, any other for a piece of the page that made it.
	private static boolean isHtmxPartial(HttpServletRequest request) {
		return "true".equals(request.getHeader("HX-Request")) && !isHtmxPageSwap(request);
	}

}
