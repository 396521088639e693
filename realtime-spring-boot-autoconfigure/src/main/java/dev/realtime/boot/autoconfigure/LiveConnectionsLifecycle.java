package dev.realtime.boot.autoconfigure;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;

import dev.realtime.boot.connection.LiveConnections;

/**
 * Closes the open sockets with 1001 (going away) when the application shuts down: after the
 * web server's graceful shutdown, so that the requests it waits for may still push to them,
 * and before the server stops, which would drop their connections without a close frame.
 */
final class LiveConnectionsLifecycle implements SmartLifecycle {

	// Between the web server's graceful shutdown (WebServerApplicationContext's
	// GRACEFUL_SHUTDOWN_PHASE, DEFAULT_PHASE - 1024) and its stop (START_STOP_LIFECYCLE_PHASE,
	// DEFAULT_PHASE - 2048): later phases stop first.
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

	private final LiveConnections connections;

	private final Duration closeTimeout;

	private volatile boolean running;

	/**
	 * Create a lifecycle for the sockets.
	 * @param connections the sockets open on this instance
	 * @param closeTimeout how long to wait for them to close: the send time limit, since a
	 * close frame is a write like any other
	 */
	LiveConnectionsLifecycle(LiveConnections connections, Duration closeTimeout) {
		this.connections = connections;
		this.closeTimeout = closeTimeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.connections.closeAll(CloseStatus.GOING_AWAY, this.closeTimeout);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
