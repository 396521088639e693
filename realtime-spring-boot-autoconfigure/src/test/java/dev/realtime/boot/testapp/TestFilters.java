package dev.realtime.boot.testapp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Servlet filters of the application: two on {@code /route/*}, registered out of order, one on
 * another path and two on extensions, each of which records its name in a request attribute
 * and a response header; and two that answer for the route: one refuses
 * {@code /route/guarded} with 403, one fails on {@code /route/fatal} with an {@link Error}; and
 * one that sets a header after the chain on {@code /route-edge/late/*}.
 */
@Configuration(proxyBeanMethods = false)
class TestFilters {

	static final String TRACE_ATTRIBUTE = "filters";

	@Bean
	FilterRegistrationBean<Filter> secondFilter() {
		return registration("second", 20, "/route/*");
	}

	@Bean
	FilterRegistrationBean<Filter> firstFilter() {
		return registration("first", 10, "/route/*");
	}

	@Bean
	FilterRegistrationBean<Filter> elsewhereFilter() {
		return registration("elsewhere", 15, "/elsewhere/*");
	}

	@Bean
	FilterRegistrationBean<Filter> gzFilter() {
		return registration("gz", 30, "*.gz");
	}

	@Bean
	FilterRegistrationBean<Filter> tarGzFilter() {
		return registration("tar.gz", 31, "*.tar.gz");
	}

	@Bean
	FilterRegistrationBean<Filter> guardFilter() {
		return answering("guard", "/route/guarded",
				(request, response, chain) -> ((HttpServletResponse) response).sendError(403, "guarded"));
	}

	@Bean
	FilterRegistrationBean<Filter> fatalFilter() {
		return answering("fatal", "/route/fatal", (request, response, chain) -> {
			throw new AssertionError("a filter that fails with an Error");
		});
	}

	// One that sets a header once the route is done, as one that times the request would.
	@Bean
	FilterRegistrationBean<Filter> afterChainFilter() {
		return answering("after-chain", "/route-edge/late/*", (request, response, chain) -> {
			chain.doFilter(request, response);
			((HttpServletResponse) response).setHeader("X-After-Chain", "set");
		});
	}

	// Two that record themselves only on requests with an X-Trace-Mapping header: one mapped to
	// the DispatcherServlet by name, ordered first, and one mapped to /route/* after the others
	// (matchAfter), ordered before them all. A container runs the filters mapped by URL pattern
	// first and those mapped by servlet name after, each in the order of their mappings, where
	// those added with matchAfter come last.
	@Bean
	FilterRegistrationBean<Filter> byNameFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
				new TracingFilter("by-name", "X-Trace-Mapping"));
		registration.setName("by-name");
		registration.setOrder(5);
		registration.addServletNames("dispatcherServlet");
		return registration;
	}

	@Bean
	FilterRegistrationBean<Filter> matchedAfterFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
				new TracingFilter("matched-after", "X-Trace-Mapping"));
		registration.setName("matched-after");
		registration.setOrder(1);
		registration.setMatchAfter(true);
		registration.addUrlPatterns("/route/*");
		return registration;
	}

	private static FilterRegistrationBean<Filter> answering(String name, String pattern, Filter filter) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
		registration.setName(name);
		registration.addUrlPatterns(pattern);
		return registration;
	}

	private static FilterRegistrationBean<Filter> registration(String name, int order, String pattern) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new TracingFilter(name));
		registration.setName(name);
		registration.setOrder(order);
		registration.addUrlPatterns(pattern);
		return registration;
	}

	private record TracingFilter(String name, String onlyWithHeader) implements Filter {

		TracingFilter(String name) {
			this(name, null);
		}

		@Override
		@SuppressWarnings("unchecked")
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			if (this.onlyWithHeader != null
					&& ((jakarta.servlet.http.HttpServletRequest) request).getHeader(this.onlyWithHeader) == null) {
				chain.doFilter(request, response);
				return;
			}
			List<String> trace = (List<String>) request.getAttribute(TRACE_ATTRIBUTE);
			if (trace == null) {
				trace = new ArrayList<>();
				request.setAttribute(TRACE_ATTRIBUTE, trace);
			}
			trace.add(this.name);
			((HttpServletResponse) response).addHeader("X-Filter", this.name);
			chain.doFilter(request, response);
		}

	}

}
