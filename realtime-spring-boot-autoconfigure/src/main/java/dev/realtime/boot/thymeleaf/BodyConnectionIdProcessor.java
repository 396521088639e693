package dev.realtime.boot.thymeleaf;

import jakarta.servlet.DispatcherType;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractElementTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;

import org.springframework.http.HttpMethod;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.web.RequestRealtimeSocket;

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
		// Templates rendered outside a request (mails, reports) have no page socket, and error
		// pages get none unless the failed request already had one. A view renders with a web
		// context; a mail rendered in a request (a password reset) has a plain one and is no
		// page, so it must not cost that request an issued id and a session. Nor is the body of a
		// HEAD response, which the container discards.
		if (context instanceof IWebContext
				&& RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& !HttpMethod.HEAD.matches(attributes.getRequest().getMethod())
				&& (attributes.getRequest().getDispatcherType() != DispatcherType.ERROR
						|| attributes.getAttribute(RequestRealtimeSocket.IDENTITY_ATTRIBUTE,
								RequestAttributes.SCOPE_REQUEST) != null)) {
			structureHandler.setAttribute(RealtimeDialect.ATTRIBUTE_NAME, this.socket.connectionId());
		}
	}

}
