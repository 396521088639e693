package dev.realtime.boot.web;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jakarta WebSocket container the server keeps in its servlet context, whose default
 * message buffer sizes the Tomcat tests read.
 */
final class ServerContainers {

	private ServerContainers() {
	}

	static WebSocketContainer of(ServletContext servletContext) {
		return (WebSocketContainer) servletContext.getAttribute(ServerContainer.class.getName());
	}

	static void assertMessageBufferDefaults(ServletContext servletContext, int size) {
		WebSocketContainer container = of(servletContext);
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(size);
		assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(size);
	}

}
