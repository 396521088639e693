package dev.realtime.boot.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.SmartView;
import org.springframework.web.servlet.view.UrlBasedViewResolver;

import dev.realtime.boot.RealtimeSocket;

/**
 * Offers every rendered view the connection id of its page as the {@code socketConnectionId}
 * model attribute. Minting it here, before rendering starts, also means the HTTP session that
 * keeps the socket key exists before any of the page is written. Error pages get no id unless
 * the request already had one: a crawler's 404s should not cost a session and an issued id.
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
		// A HEAD response carries no page, so nobody could ever claim its id.
		if (modelAndView != null && !modelAndView.wasCleared() && !isRedirect(modelAndView)
				&& !HttpMethod.HEAD.matches(request.getMethod())
				&& (request.getDispatcherType() != DispatcherType.ERROR || hadSocket(request))) {
			modelAndView.addObject(MODEL_ATTRIBUTE, this.socket.connectionId());
		}
	}

	// An error page of a request that already acted for a socket (its handler subscribed it,
	// then failed) carries that socket's id, as the Thymeleaf dialect writes it.
	private static boolean hadSocket(HttpServletRequest request) {
		return request.getAttribute(RequestRealtimeSocket.IDENTITY_ATTRIBUTE) != null;
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
