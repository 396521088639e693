package dev.realtime.boot.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.SmartView;
import org.springframework.web.servlet.view.UrlBasedViewResolver;

import dev.realtime.boot.RealtimeSocket;

/**
 * Offers every rendered page the connection id of its page as the {@code socketConnectionId}
 * model attribute. Minting it here, before rendering starts, also means the HTTP session that
 * keeps the socket key exists before any of the page is written. Views that are no page of
 * their own (see {@link PageRequests}, and fragment views) get no id unless the request already
 * had one: a crawler's 404s or an HTMX partial should not cost a session and an issued id.
 */
public class SocketConnectionIdModelInterceptor implements HandlerInterceptor {

	/** Name of the model attribute. */
	public static final String MODEL_ATTRIBUTE = "socketConnectionId";

	private final RealtimeSocket socket;

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
		if (modelAndView != null && !modelAndView.wasCleared() && !isRedirect(modelAndView)
				&& (isFragment(modelAndView) ? PageRequests.actsForSocket(request)
						: PageRequests.carriesConnectionId(request))) {
			modelAndView.addObject(MODEL_ATTRIBUTE, this.socket.connectionId());
		}
	}

	// A Thymeleaf fragment expression ("items :: row"), as HTMX-style partials are returned:
	// a piece of a page, which already has its socket.
	private static boolean isFragment(ModelAndView modelAndView) {
		String viewName = modelAndView.getViewName();
		return viewName != null && viewName.contains("::");
	}

	private static boolean isRedirect(ModelAndView modelAndView) {
		String viewName = modelAndView.getViewName();
		if (viewName != null) {
			return viewName.startsWith(UrlBasedViewResolver.REDIRECT_URL_PREFIX)
					|| viewName.startsWith(UrlBasedViewResolver.FORWARD_URL_PREFIX);
		}
		return modelAndView.getView() instanceof SmartView smartView && smartView.isRedirectView();
	}

}
