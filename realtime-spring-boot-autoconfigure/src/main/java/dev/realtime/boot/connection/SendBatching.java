package dev.realtime.boot.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Lets a sender write the frames that queued up for one socket in one go: the container holds
 * them in its output buffer and writes it when full or at {@link #end()}, so a burst costs a few
 * system calls instead of one per frame (and the client reads a few segments instead of one per
 * frame). Done with the Jakarta WebSocket API's batching ({@code RemoteEndpoint.Basic}), which
 * Tomcat implements, and on Jetty with its core session's batched frames, written from the
 * frame's bytes (Jetty's API has neither); elsewhere frames are written one by one.
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

	private static final boolean JETTY_WEBSOCKET_PRESENT = ClassUtils.isPresent(
			"org.eclipse.jetty.websocket.common.WebSocketSession", SendBatching.class.getClassLoader());

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

	/**
	 * Write a frame of a burst itself, where the container needs it to.
	 * @param frame the frame
	 * @param more whether more frames of the burst follow it
	 * @return whether the frame was written; if not, the session writes it
	 * @throws IOException if the write failed
	 */
	boolean write(WebSocketMessage<?> frame, boolean more) throws IOException {
		return false;
	}

	static SendBatching of(WebSocketSession session) {
		// The container's session, under any decorator (on Jetty the handler's own, which
		// closes slow consumers).
		if (WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession nativeSession) {
			SendBatching batching = JAKARTA_WEBSOCKET_PRESENT ? JakartaBatching.of(nativeSession) : NONE;
			if (batching == NONE && JETTY_WEBSOCKET_PRESENT) {
				batching = JettyBatching.of(nativeSession);
			}
			return batching;
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

	// Loaded only when Jetty's WebSocket implementation is present. Frames of a burst go to
	// Jetty's frame flusher marked as batched, so that it may gather them (it writes what is
	// queued while it writes) and only the last is waited for; each frame is made from the
	// frame's bytes, shared by every socket of a push, where Jetty's API would encode the text
	// again for each socket.
	private static final class JettyBatching extends SendBatching {

		// Bursts as large as Tomcat's, which the send limits and the tests were set for.
		private static final int BURST_CAPACITY = 8 * 1024;

		private final org.eclipse.jetty.websocket.core.CoreSession session;

		private JettyBatching(org.eclipse.jetty.websocket.core.CoreSession session) {
			this.session = session;
		}

		static SendBatching of(NativeWebSocketSession session) {
			Object jetty = session.getNativeSession();
			return (jetty instanceof org.eclipse.jetty.websocket.common.WebSocketSession webSocketSession)
					? new JettyBatching(webSocketSession.getCoreSession()) : NONE;
		}

		@Override
		boolean supported() {
			return true;
		}

		@Override
		int capacity() {
			return BURST_CAPACITY;
		}

		@Override
		void begin() {
		}

		@Override
		void end() {
		}

		@Override
		boolean write(WebSocketMessage<?> frame, boolean more) throws IOException {
			if (!(frame instanceof TextMessage text)) {
				return false;
			}
			org.eclipse.jetty.websocket.core.Frame jettyFrame = new org.eclipse.jetty.websocket.core.Frame(
					org.eclipse.jetty.websocket.core.OpCode.TEXT, ByteBuffer.wrap(text.asBytes()));
			if (more) {
				// A failure fails the frames flushed with it, the last one among them.
				this.session.sendFrame(jettyFrame, org.eclipse.jetty.util.Callback.NOOP, true);
				return true;
			}
			org.eclipse.jetty.util.FutureCallback written = new org.eclipse.jetty.util.FutureCallback();
			this.session.sendFrame(jettyFrame, written, false);
			try {
				written.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while writing to a socket");
			}
			catch (ExecutionException ex) {
				throw new IOException("write to socket failed", ex.getCause());
			}
			return true;
		}

	}

}
