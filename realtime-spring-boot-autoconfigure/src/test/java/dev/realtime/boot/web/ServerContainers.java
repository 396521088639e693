package dev.realtime.boot.web;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;

/**
 * The Jakarta WebSocket container the server keeps in its servlet context, whose default
 * message buffer sizes the Tomcat tests read.
 */
final class ServerContainers {

	private ServerContainers() {
	}

	static WebSocketContainer of(ServletContext servletContext) {
		return (WebSocketContainer) servletContext.getAttribute("jakarta.websocket.server.ServerContainer");
	}

}
