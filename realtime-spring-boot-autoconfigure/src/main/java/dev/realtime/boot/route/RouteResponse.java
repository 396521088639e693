package dev.realtime.boot.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.Assert;

/**
 * The servlet response of a route called over the socket; it remembers whether the application
 * asked for an error page, as the container would. Its body is held until the route is done,
 * up to a limit: past it the body is dropped and the rest of what the route writes is counted
 * only, so that a route that writes a large body (a report, a download) cannot make the server
 * hold all of it.
 */
class RouteResponse extends MockHttpServletResponse {

	private final ReplyBody body;

	private boolean errorSent;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	RouteResponse(int maxBodySize) {
		this.body = new ReplyBody(maxBodySize);
		setDefaultCharacterEncoding("UTF-8");
	}

	@Override
	public void sendError(int status, @Nullable String errorMessage) throws IOException {
		super.sendError(status, errorMessage);
		this.errorSent = true;
	}

	@Override
	public void sendError(int status) throws IOException {
		super.sendError(status);
		this.errorSent = true;
	}

	// The in-memory response writes to a buffer of its own with no bound: both the stream and
	// the writer write to the bounded body instead, with the in-memory response's rules (one
	// or the other, committed once over the buffer size or flushed).
	@Override
	public ServletOutputStream getOutputStream() {
		Assert.state(isOutputStreamAccessAllowed(), "OutputStream access not allowed");
		Assert.state(this.writer == null, "getWriter() has already been called");
		ServletOutputStream outputStream = this.outputStream;
		if (outputStream == null) {
			outputStream = new BodyOutputStream();
			this.outputStream = outputStream;
		}
		return outputStream;
	}

	@Override
	public PrintWriter getWriter() throws UnsupportedEncodingException {
		Assert.state(isWriterAccessAllowed(), "Writer access not allowed");
		Assert.state(this.outputStream == null, "getOutputStream() has already been called");
		PrintWriter writer = this.writer;
		if (writer == null) {
			writer = new BodyWriter(new OutputStreamWriter(this.body, getCharacterEncoding()));
			this.writer = writer;
		}
		return writer;
	}

	@Override
	public byte[] getContentAsByteArray() {
		return this.body.toByteArray();
	}

	@Override
	public String getContentAsString() throws UnsupportedEncodingException {
		return new String(this.body.toByteArray(), getCharacterEncoding());
	}

	@Override
	public String getContentAsString(Charset fallbackCharset) throws UnsupportedEncodingException {
		return isCharset() ? getContentAsString() : new String(this.body.toByteArray(), fallbackCharset);
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		this.body.reset();
	}

	/**
	 * Make ready for the error page, as a container does: the body and the committed state
	 * go, the headers stay.
	 * @param status the error status
	 */
	void resetForErrorPage(int status) {
		setCommitted(false);
		resetBuffer();
		this.errorSent = false;
		setStatus(status);
	}

	boolean isErrorSent() {
		return this.errorSent;
	}

	/**
	 * Return whether the response is an event stream ({@code text/event-stream}), as an
	 * {@code SseEmitter} answers.
	 * @return whether the response is an event stream
	 */
	boolean isEventStream() {
		// Compared as it stands, without parsing it, as every call asks.
		String contentType = getContentType();
		String eventStream = MediaType.TEXT_EVENT_STREAM_VALUE;
		return contentType != null && contentType.regionMatches(true, 0, eventStream, 0, eventStream.length())
				&& (contentType.length() == eventStream.length()
						|| contentType.charAt(eventStream.length()) == ';'
						|| contentType.charAt(eventStream.length()) == ' ');
	}

	/**
	 * Return whether the route wrote more than the body may hold; the body is then empty.
	 * @return whether the body is over its limit
	 */
	boolean isBodyOverLimit() {
		return this.body.isOverLimit();
	}

	private void commitIfOverBufferSize() {
		if (getBufferSize() > 0 && this.body.written > getBufferSize()) {
			setCommitted(true);
		}
	}

	/**
	 * The bytes of the body up to the limit; past it, none, and what comes is counted only.
	 */
	private static final class ReplyBody extends OutputStream {

		private final int limit;

		private ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);

		private long written;

		ReplyBody(int limit) {
			this.limit = limit;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.written += len;
			if (this.written <= this.limit) {
				this.bytes.write(b, off, len);
			}
			else if (this.bytes.size() > 0) {
				// What was held goes now, not when the route is done.
				this.bytes = new ByteArrayOutputStream(0);
			}
		}

		boolean isOverLimit() {
			return this.written > this.limit;
		}

		byte[] toByteArray() {
			return this.bytes.toByteArray();
		}

		void reset() {
			this.bytes = new ByteArrayOutputStream(1024);
			this.written = 0;
		}

	}

	private final class BodyOutputStream extends ServletOutputStream {

		@Override
		public void write(int b) {
			RouteResponse.this.body.write(b);
			commitIfOverBufferSize();
		}

		@Override
		public void write(byte[] b, int off, int len) {
			RouteResponse.this.body.write(b, off, len);
			commitIfOverBufferSize();
		}

		@Override
		public void flush() {
			flushBuffer();
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			throw new UnsupportedOperationException();
		}

	}

	// Flushed at every write, as the in-memory response's writer: the body counts each
	// character as it comes.
	private final class BodyWriter extends PrintWriter {

		BodyWriter(OutputStreamWriter out) {
			super(out, true);
		}

		@Override
		public void write(char[] buf, int off, int len) {
			super.write(buf, off, len);
			super.flush();
			commitIfOverBufferSize();
		}

		@Override
		public void write(String s, int off, int len) {
			super.write(s, off, len);
			super.flush();
			commitIfOverBufferSize();
		}

		@Override
		public void write(int c) {
			super.write(c);
			super.flush();
			commitIfOverBufferSize();
		}

		@Override
		public void flush() {
			super.flush();
			setCommitted(true);
		}

		@Override
		public void close() {
			super.flush();
			super.close();
			setCommitted(true);
		}

	}

}
