package dev.realtime.boot.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.FragmentsRendering;
import org.springframework.web.servlet.view.UrlBasedViewResolver;

import dev.realtime.boot.RealtimeSocket;

/**
 * Offers every rendered page the connection id of its page as the {@code socketConnectionId}
 * model attribute. Minting it here, before rendering starts, also means the HTTP session that
 * keeps the socket key exists before any of the page is written. Responses that are no page of
 * their own (see {@link PageRequests}) get no id unless the request already had one: a
 * crawler's 404s or an HTMX partial should not cost a session and an issued id. Views that
 * render no page (a JSON view, a redirect) never get it, nor do fragment views, unless the
 * request is a navigation or already had an id.
 */
public class SocketConnectionIdModelInterceptor implements HandlerInterceptor {

	/** Name of the model attribute. */
	public static final String MODEL_ATTRIBUTE = "socketConnectionId";

	private final RealtimeSocket socket;

	private final PageViews pageViews = new PageViews();

	/**
	 * Create an interceptor.
	 * @param socket the request-bound socket
	 */
	public SocketConnectionIdModelInterceptor(RealtimeSocket socket) {
		this.socket = socket;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable ModelAndView modelAndView) {
		if (modelAndView != null && !modelAndView.wasCleared() && !isRedirectOrForward(modelAndView)
				&& PageRequests.carriesConnectionId(request, status(modelAndView, response))
				&& (!isFragment(modelAndView) || PageRequests.actsForSocket(request)
						|| PageRequests.isNavigation(request))
				&& this.pageViews.rendersPage(modelAndView, request)) {
			modelAndView.addObject(MODEL_ATTRIBUTE, this.socket.connectionId());
		}
	}

	// The status the DispatcherServlet sets once postHandle is done, or the handler's own.
	private static int status(ModelAndView modelAndView, HttpServletResponse response) {
		HttpStatusCode status = modelAndView.getStatus();
		return (status != null) ? status.value() : response.getStatus();
	}

	// A Thymeleaf fragment expression ("items :: row"), as HTMX-style partials are returned, or
	// Spring MVC's fragments: a piece of a page, which already has its socket. Unless a browser
	// navigated to it: then it is a whole page that a layout renders through a selector.
	private static boolean isFragment(ModelAndView modelAndView) {
		String viewName = modelAndView.getViewName();
		return (viewName != null) ? viewName.contains("::") : modelAndView.getView() instanceof FragmentsRendering;
	}

	// A redirect view never gets the id (it would end up in its query string); the view that a
	// forward reaches is rendered in a dispatch of its own, which gets the id if it is a page.
	// A View object, or a name that a resolver turns into a redirect, is for PageViews to tell.
	private static boolean isRedirectOrForward(ModelAndView modelAndView) {
		String viewName = modelAndView.getViewName();
		return viewName != null && (viewName.startsWith(UrlBasedViewResolver.REDIRECT_URL_PREFIX)
				|| viewName.startsWith(UrlBasedViewResolver.FORWARD_URL_PREFIX));
	}

}
