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
 * Servlet filters of the application: two on {@code /route/*}, registered out of order, and
 * one on another path. Each records its name in a request attribute and a response header.
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

	private static FilterRegistrationBean<Filter> registration(String name, int order, String pattern) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new TracingFilter(name));
		registration.setName(name);
		registration.setOrder(order);
		registration.addUrlPatterns(pattern);
		return registration;
	}

	private record TracingFilter(String name) implements Filter {

		@Override
		@SuppressWarnings("unchecked")
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
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
