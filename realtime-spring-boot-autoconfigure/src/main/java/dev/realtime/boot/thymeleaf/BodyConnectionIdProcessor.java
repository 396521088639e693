package dev.realtime.boot.thymeleaf;

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
				&& RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& PageRequests.carriesConnectionId(attributes.getRequest(), status(attributes.getResponse()))) {
			String connectionId = this.socket.connectionId();
			structureHandler.setAttribute(RealtimeDialect.ATTRIBUTE_NAME, connectionId);
			if (PageRequests.isHtmxPageSwap(attributes.getRequest())) {
				// htmx swaps this page's content into the <body> the browser already shows, whose
				// attribute stays the old page's: the JavaScript client also looks for the id in an
				// inert <template> that is the body's child.
				IModelFactory models = context.getModelFactory();
				IModel marker = models.createModel();
				marker.add(models.createOpenElementTag("template", RealtimeDialect.ATTRIBUTE_NAME, connectionId));
				marker.add(models.createCloseElementTag("template"));
				structureHandler.insertImmediatelyAfter(marker, false);
			}
		}
	}

	private static int status(@Nullable HttpServletResponse response) {
		return (response != null) ? response.getStatus() : HttpServletResponse.SC_OK;
	}

}
