package dev.realtime.boot.thymeleaf;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.model.IModel;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractElementTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.web.PageRequests;
import dev.realtime.boot.web.SocketConnectionIdModelInterceptor;

/**
 * Matches every {@code <body>} element, whatever template or layout it comes from.
 */
class BodyConnectionIdProcessor extends AbstractElementTagProcessor {

	private final RealtimeSocket socket;

	BodyConnectionIdProcessor(String dialectPrefix, RealtimeSocket socket) {
		super(TemplateMode.HTML, dialectPrefix, "body", false, null, false, 1000);
		this.socket = socket;
	}

	@Override
	protected void doProcess(ITemplateContext context, IProcessableElementTag tag,
			IElementTagStructureHandler structureHandler) {
		// Templates rendered outside a request (mails, reports) have no page socket. A view renders
		// with a web context; a mail rendered in a request (a password reset) has a plain one and
		// is no page, so it must not cost that request an issued id and a session. Within a
		// request, the same responses as for the model attribute carry an id.
		if (context instanceof IWebContext
				&& RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			HttpServletResponse response = attributes.getResponse();
			if (PageRequests.carriesConnectionId(request, status(response))
					&& (PageRequests.actsForSocket(request) || canStillStartSession(request, response))) {
				String connectionId = this.socket.connectionId();
				structureHandler.setAttribute(RealtimeDialect.ATTRIBUTE_NAME, connectionId);
				// A page rendered through a fragment selector had no model attribute: its body
				// reads the id it carries, as any other page's does.
				structureHandler.setLocalVariable(SocketConnectionIdModelInterceptor.MODEL_ATTRIBUTE, connectionId);
				if (PageRequests.isHtmxPageSwap(request)) {
					// htmx swaps this page's content into the <body> the browser already shows, whose
					// attribute stays the old page's: the JavaScript client also looks for the id in
					// an inert <template> that is the body's child.
					IModelFactory models = context.getModelFactory();
					IModel marker = models.createModel();
					marker.add(models.createOpenElementTag("template", RealtimeDialect.ATTRIBUTE_NAME, connectionId));
					marker.add(models.createCloseElementTag("template"));
					structureHandler.insertImmediatelyAfter(marker, false);
				}
			}
		}
	}

	private static int status(@Nullable HttpServletResponse response) {
		return (response != null) ? response.getStatus() : HttpServletResponse.SC_OK;
	}

	// The model attribute interceptor mints a page's id before rendering; a <body> reached
	// without one (a fragment view that no navigation asked for) mints it here, while the page
	// is written. A new session's cookie can then only be set if nothing is sent yet: an id
	// digested with a key the browser never gets could never be claimed, and the container
	// refuses to create a session for a committed response.
	private static boolean canStillStartSession(HttpServletRequest request, @Nullable HttpServletResponse response) {
		return response == null || !response.isCommitted() || request.getSession(false) != null;
	}

}
