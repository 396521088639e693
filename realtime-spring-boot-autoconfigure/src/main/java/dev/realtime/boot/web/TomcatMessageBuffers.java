package dev.realtime.boot.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Sizes the message buffers that Tomcat allocates for every socket when it opens, when the
 * realtime endpoint is the application's only WebSocket endpoint.
 * <p>
 * Tomcat gives each socket a text buffer of its container's default text message buffer size
 * (8 K characters, 16 KB) and a binary buffer of its default binary size (8 KB) before any
 * handler sees the socket. The limits the realtime handler sets on its session resize them only
 * when the socket's next message starts, so a socket that only listens, as most pages' sockets
 * do, would keep 24 KB of buffers that it never uses. The realtime handler takes messages in
 * parts of 2048 characters or bytes, so the container's defaults are set to that. They are also
 * the whole-message limit of every other endpoint of the container, so they are left as they
 * are when the application has WebSocket endpoints of its own or has sized them itself.
 */
public class TomcatMessageBuffers implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(TomcatMessageBuffers.class);

	// ServerContainer's class name, by which the container is kept in the servlet context (the
	// server API of Jakarta WebSocket is not on this module's compile path).
	private static final String SERVER_CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";

	private static final String TOMCAT_SERVER_CONTAINER = "org.apache.tomcat.websocket.server.WsServerContainer";

	// What Tomcat starts its container's defaults at: a system property of its own.
	private static final int TOMCAT_DEFAULT_SIZE = Integer.getInteger("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE",
			8 * 1024);

	private final WebApplicationContext context;

	/**
	 * Create the sizer.
	 * @param context the application context, whose servlet context holds the container and
	 * whose handler mappings tell the WebSocket endpoints
	 */
	public TomcatMessageBuffers(WebApplicationContext context) {
		this.context = context;
	}

	// After every singleton, so that every handler mapping is there; before the web server
	// takes connections, which it does once the context is refreshed.
	@Override
	public void afterSingletonsInstantiated() {
		ServletContext servletContext = this.context.getServletContext();
		Object container = (servletContext != null) ? servletContext.getAttribute(SERVER_CONTAINER_ATTRIBUTE) : null;
		if (!(container instanceof WebSocketContainer tomcat)
				|| !TOMCAT_SERVER_CONTAINER.equals(container.getClass().getName())) {
			return;
		}
		if (tomcat.getDefaultMaxTextMessageBufferSize() != TOMCAT_DEFAULT_SIZE
				|| tomcat.getDefaultMaxBinaryMessageBufferSize() != TOMCAT_DEFAULT_SIZE) {
			logger.debug("Tomcat's WebSocket message buffers were sized by the application: left as they are");
			return;
		}
		int size = RealtimeWebSocketHandler.CONTAINER_BUFFER_SIZE;
		if (TOMCAT_DEFAULT_SIZE <= size) {
			// Tomcat's own system property made them as small already.
			return;
		}
		List<String> others = otherEndpoints();
		if (!others.isEmpty()) {
			logger.debug("Tomcat's WebSocket message buffers left at " + TOMCAT_DEFAULT_SIZE
					+ ": they are the message size limit of the application's other WebSocket endpoints " + others);
			return;
		}
		tomcat.setDefaultMaxTextMessageBufferSize(size);
		tomcat.setDefaultMaxBinaryMessageBufferSize(size);
		logger.info("Tomcat's default WebSocket message buffers set to " + size + " (from " + TOMCAT_DEFAULT_SIZE
				+ "), which Tomcat allocates for every socket: the realtime endpoint is the only WebSocket endpoint "
				+ "and takes messages in parts. Declare a ServletServerContainerFactoryBean to size them yourself.");
	}

	// The paths of every endpoint served by a WebSocket handler other than the realtime one.
	private List<String> otherEndpoints() {
		List<String> others = new ArrayList<>();
		for (WebSocketHandlerMapping mapping : this.context.getBeansOfType(WebSocketHandlerMapping.class).values()) {
			for (Map.Entry<String, Object> endpoint : mapping.getHandlerMap().entrySet()) {
				if (!isRealtime(endpoint.getValue())) {
					others.add(endpoint.getKey());
				}
			}
		}
		if (this.context.getBeanNamesForType(ServerEndpointExporter.class).length > 0) {
			others.add("@ServerEndpoint");
		}
		return others;
	}

	private static boolean isRealtime(Object handler) {
		return handler instanceof WebSocketHttpRequestHandler requestHandler && WebSocketHandlerDecorator
			.unwrap(requestHandler.getWebSocketHandler()) instanceof RealtimeWebSocketHandler;
	}

}
