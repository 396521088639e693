package dev.realtime.boot.route;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The application's servlet filters, in their order, and its DispatcherServlet: what a request
 * to the DispatcherServlet goes through over HTTP. The filters are those Spring Boot registers
 * with the container (filter beans and filter registration beans, Spring Security's filter
 * chain and Spring Session's filter among them), each applied to the dispatcher types and URL
 * patterns it is registered for.
 */
final class ServletPipeline {

	private final List<MappedFilter> filters;

	private final DispatcherServlet dispatcherServlet;

	private final String servletName;

	private ServletPipeline(List<MappedFilter> filters, DispatcherServlet dispatcherServlet, String servletName) {
		this.filters = filters;
		this.dispatcherServlet = dispatcherServlet;
		this.servletName = servletName;
	}

	static ServletPipeline of(ListableBeanFactory beanFactory, DispatcherServlet dispatcherServlet,
			String servletName) {
		// In the order of their mappings in the container: those added with matchAfter come
		// after all the others.
		List<MappedFilter> filters = new ArrayList<>();
		List<MappedFilter> matchedAfter = new ArrayList<>();
		for (ServletContextInitializer initializer : new ServletContextInitializerBeans(beanFactory)) {
			if (initializer instanceof AbstractFilterRegistrationBean<?> registration && registration.isEnabled()) {
				MappedFilter filter = new MappedFilter(registration.getFilter(),
						Set.copyOf(registration.getUrlPatterns()), Set.copyOf(registration.getServletNames()),
						Set.copyOf(registration.determineDispatcherTypes()));
				(registration.isMatchAfter() ? matchedAfter : filters).add(filter);
			}
		}
		filters.addAll(matchedAfter);
		return new ServletPipeline(List.copyOf(filters), dispatcherServlet, servletName);
	}

	String servletName() {
		return this.servletName;
	}

	/**
	 * Run a request through the filters that apply to it and then the DispatcherServlet.
	 * @param request the request, with its dispatcher type set
	 * @param response the response
	 * @throws IOException from a filter or the servlet
	 * @throws ServletException from a filter or the servlet
	 */
	void dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		// As the servlet specification orders a chain: the filters mapped by URL pattern first
		// (a registration without either mapping is mapped to "/*"), then those mapped by
		// servlet name, each in mapping order; a filter mapped both ways runs once, the first.
		List<Filter> applicable = new ArrayList<>();
		List<Filter> byServletName = new ArrayList<>();
		for (MappedFilter filter : this.filters) {
			if (filter.dispatcherTypes().contains(request.getDispatcherType())) {
				if (filter.matchesUrl(path)) {
					applicable.add(filter.filter());
				}
				else if (filter.servletNames().contains(this.servletName)) {
					byServletName.add(filter.filter());
				}
			}
		}
		applicable.addAll(byServletName);
		new MockFilterChain(this.dispatcherServlet, applicable.toArray(Filter[]::new)).doFilter(request, response);
	}

	private record MappedFilter(Filter filter, Set<String> urlPatterns, Set<String> servletNames,
			Set<DispatcherType> dispatcherTypes) {

		boolean matchesUrl(String path) {
			return (this.urlPatterns.isEmpty() && this.servletNames.isEmpty()) || matchesAny(this.urlPatterns, path);
		}

		// The servlet specification's URL patterns: exact, "/prefix/*", "*.extension" (the last
		// extension of the last segment), "/".
		private static boolean matchesAny(Collection<String> patterns, String path) {
			for (String pattern : patterns) {
				if (pattern.equals("/*") || pattern.equals("/") || pattern.equals(path)) {
					return true;
				}
				if (pattern.endsWith("/*")) {
					String prefix = pattern.substring(0, pattern.length() - 2);
					if (path.equals(prefix) || path.startsWith(prefix + "/")) {
						return true;
					}
				}
				else if (pattern.startsWith("*.")
						&& pattern.substring(2).equals(StringUtils.getFilenameExtension(path))) {
					return true;
				}
			}
			return false;
		}

	}

}
