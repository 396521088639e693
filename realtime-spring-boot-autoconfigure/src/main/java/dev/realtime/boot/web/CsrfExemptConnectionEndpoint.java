package dev.realtime.boot.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Exempts {@code POST} of the connection endpoint from Spring Security's CSRF check. Its
 * clients have no browser and no HTTP session, so no CSRF token to send, and it neither reads
 * nor changes a session: it answers a fresh id and key that a cross-site page could not read.
 * Runs ahead of Spring Security's filter; other requests, and whether the endpoint is
 * permitted at all, are the application's security configuration's to decide.
 */
public class CsrfExemptConnectionEndpoint implements Filter {

	private final PathPattern path;

	/**
	 * Create the filter.
	 * @param path the connection endpoint's path, within the application
	 */
	public CsrfExemptConnectionEndpoint(String path) {
		// Parsed as the endpoint's route parses it, so that both match the same requests.
		this.path = PathPatternParser.defaultInstance.parse(path);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest httpRequest && HttpMethod.POST.matches(httpRequest.getMethod())
				&& matches(httpRequest)) {
			CsrfFilter.skipRequest(httpRequest);
		}
		chain.doFilter(request, response);
	}

	private boolean matches(HttpServletRequest request) {
		PathContainer path = ServletRequestPathUtils.parse(request).pathWithinApplication();
		return this.path.matches(path);
	}

}
