package dev.realtime.boot.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.SmartView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Tells, before a view renders, whether it renders a page: an HTML document that a browser
 * shows, and from which it can open a socket. A JSON view, a redirect or any view that says it
 * renders something other than HTML is no page, and a connection id given to it would mint a
 * session and a cookie for nothing (or end up in its JSON, or in a redirect's query string).
 * <p>
 * A view name is resolved as the {@code DispatcherServlet} resolves it after the interceptors'
 * {@code postHandle}: with every {@link ViewResolver} bean of its context, in order (its default;
 * Spring Boot's {@code ContentNegotiatingViewResolver} is one of them, so the choice it makes
 * from the request's {@code Accept} is the same). Resolvers cache their views, so this costs a
 * lookup, and only for the views that would otherwise get an id.
 */
final class PageViews {

	private volatile @Nullable Resolvers resolvers;

	/**
	 * Whether the view of a model and view renders a page. A view that cannot be resolved here,
	 * or does not say what it renders, counts as a page, as every view did before this check.
	 * @param modelAndView the model and view about to be rendered
	 * @param request the request it is rendered for
	 * @return whether it renders a page
	 */
	boolean rendersPage(ModelAndView modelAndView, HttpServletRequest request) {
		View view = viewOf(modelAndView, request);
		return view == null || rendersPage(view);
	}

	private static boolean rendersPage(View view) {
		if (view instanceof SmartView smartView && smartView.isRedirectView()) {
			return false;
		}
		String contentType = view.getContentType();
		if (contentType == null) {
			return true;
		}
		try {
			MediaType mediaType = MediaType.parseMediaType(contentType);
			return mediaType.isCompatibleWith(MediaType.TEXT_HTML)
					|| mediaType.isCompatibleWith(MediaType.APPLICATION_XHTML_XML);
		}
		catch (InvalidMediaTypeException ex) {
			return true;
		}
	}

	private @Nullable View viewOf(ModelAndView modelAndView, HttpServletRequest request) {
		String viewName = modelAndView.getViewName();
		if (viewName == null) {
			return modelAndView.getView();
		}
		WebApplicationContext context = RequestContextUtils.findWebApplicationContext(request);
		if (context == null) {
			return null;
		}
		Locale locale = RequestContextUtils.getLocale(request);
		for (ViewResolver resolver : resolvers(context)) {
			try {
				View view = resolver.resolveViewName(viewName, locale);
				if (view != null) {
					return view;
				}
			}
			catch (Exception ex) {
				// The DispatcherServlet meets the same failure when it resolves the name, and
				// answers it; this check has nothing to add.
				return null;
			}
		}
		return null;
	}

	private List<ViewResolver> resolvers(ApplicationContext context) {
		Resolvers resolvers = this.resolvers;
		if (resolvers == null || resolvers.context() != context) {
			List<ViewResolver> found = new ArrayList<>(
					BeanFactoryUtils.beansOfTypeIncludingAncestors(context, ViewResolver.class, true, false).values());
			AnnotationAwareOrderComparator.sort(found);
			resolvers = new Resolvers(context, List.copyOf(found));
			this.resolvers = resolvers;
		}
		return resolvers.list();
	}

	private record Resolvers(ApplicationContext context, List<ViewResolver> list) {
	}

}
