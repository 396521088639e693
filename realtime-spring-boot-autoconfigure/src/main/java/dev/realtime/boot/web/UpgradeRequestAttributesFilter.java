package dev.realtime.boot.web;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import dev.realtime.boot.handshake.RealtimeHandshakeInterceptor;

/**
 * Removes the attributes that the application's filters and {@code DispatcherServlet} left on
 * the request of a realtime socket's upgrade, once the upgrade has been answered. Jetty 12.1
 * keeps an upgrade's request for as long as its socket is open (its session's copies of the
 * upgrade's headers still reach it), and with the request its attributes: a flash map, the
 * handler mapping's paths and matches, Spring's async manager, 0.7 KB per idle socket in the
 * benchmark and more where actuator's observations are on.
 * Registered outermost, so every other filter is done with the request when this one clears
 * it; the container's own attributes stay, and a request log that prints the application's
 * attributes sees none for these upgrades.
 */
public class UpgradeRequestAttributesFilter implements Filter {

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		chain.doFilter(request, response);
		if (request.getAttribute(RealtimeHandshakeInterceptor.UPGRADED_ATTRIBUTE) != null
				&& response instanceof HttpServletResponse httpResponse
				&& httpResponse.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
			List<String> names = Collections.list(request.getAttributeNames());
			for (String name : names) {
				if (!isContainers(name)) {
					request.removeAttribute(name);
				}
			}
		}
	}

	// Jetty reads an attribute of its own to switch the connection once the response is done;
	// the servlet API's names are the container's to answer.
	private static boolean isContainers(String name) {
		return name.startsWith("org.eclipse.jetty.") || name.startsWith("jakarta.");
	}

}
