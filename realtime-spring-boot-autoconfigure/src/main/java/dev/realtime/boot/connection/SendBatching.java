package dev.realtime.boot.connection;

import java.io.IOException;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Lets a sender write the frames that queued up for one socket in one go: the container holds
 * them in its output buffer and writes it when full or at {@link #end()}, so a burst costs a few
 * system calls instead of one per frame (and the client reads a few segments instead of one per
 * frame). Done with the Jakarta WebSocket API's batching ({@code RemoteEndpoint.Basic}), which
 * Tomcat implements; where it is not offered, frames are written one by one.
 * <p>
 * A burst is kept within the container's output buffer, so that nothing is written while
 * batching is on and the only write is the flush at {@link #end()}, made after batching is
 * off: a socket closed during that write (a client that stopped reading) is then closed at
 * once, instead of the container first trying to flush the batch and waiting for the send
 * time limit a second time.
 */
abstract class SendBatching {

	static final SendBatching NONE = new SendBatching() {

		@Override
		boolean supported() {
			return false;
		}

		@Override
		int capacity() {
			return 0;
		}

		@Override
		void begin() {
		}

		@Override
		void end() {
		}

	};

	private static final boolean JAKARTA_WEBSOCKET_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			SendBatching.class.getClassLoader());

	// Tomcat's output buffer: the size of its WebSocket buffers, a system property of its own.
	private static final int TOMCAT_OUTPUT_BUFFER_SIZE = Integer
		.getInteger("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE", 8 * 1024);

	abstract boolean supported();

	/**
	 * Return how many bytes of frames, headers included, a burst may hold.
	 * @return the capacity in bytes
	 */
	abstract int capacity();

	abstract void begin() throws IOException;

	/**
	 * Write what the container holds and stop batching.
	 * @throws IOException if the write failed
	 */
	abstract void end() throws IOException;

	static SendBatching of(WebSocketSession session) {
		if (JAKARTA_WEBSOCKET_PRESENT && session instanceof NativeWebSocketSession nativeSession) {
			return JakartaBatching.of(nativeSession);
		}
		return NONE;
	}

	// Loaded only when the Jakarta WebSocket API is present (not with Jetty's own API).
	private static final class JakartaBatching extends SendBatching {

		private final jakarta.websocket.RemoteEndpoint.Basic remote;

		private JakartaBatching(jakarta.websocket.RemoteEndpoint.Basic remote) {
			this.remote = remote;
		}

		static SendBatching of(NativeWebSocketSession session) {
			jakarta.websocket.Session standard = session.getNativeSession(jakarta.websocket.Session.class);
			return (standard != null) ? new JakartaBatching(standard.getBasicRemote()) : NONE;
		}

		@Override
		boolean supported() {
			return true;
		}

		@Override
		int capacity() {
			return TOMCAT_OUTPUT_BUFFER_SIZE;
		}

		@Override
		void begin() throws IOException {
			this.remote.setBatchingAllowed(true);
		}

		@Override
		void end() throws IOException {
			this.remote.setBatchingAllowed(false);
		}

	}

}
