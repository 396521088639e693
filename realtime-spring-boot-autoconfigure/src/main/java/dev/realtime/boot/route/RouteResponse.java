package dev.realtime.boot.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.Assert;

import dev.realtime.boot.route.ContainerCharsets.WriterCharset;

/**
 * The servlet response of a route called over the socket; it remembers whether the application
 * asked for an error page, as the container would. Its body is held until the route is done,
 * up to a limit: past it the body is dropped and the rest of what the route writes is counted
 * only, so that a route that writes a large body (a report, a download) cannot make the server
 * hold all of it. Its charsets are the container's, so that its text is what an HTTP client
 * decodes from the same route over HTTP: a writer without a charset named encodes as the
 * container's would, which names its charset in the {@code Content-Type}; the body is read in
 * the charset the {@code Content-Type} names, and without one (or in one that the JVM does not
 * have) as UTF-8, as an HTTP client reads a body whose charset is not named (JSON's). It commits
 * when the container's response would, and then ignores what would change its status line or
 * headers, as the container does once it has sent them.
 */
class RouteResponse extends MockHttpServletResponse {

	// Tomcat's response buffer (the in-memory response's is 4 KB).
	private static final int CONTAINER_BUFFER_SIZE = 8 * 1024;

	private final ReplyBody body;

	private final ContainerCharsets charsets;

	private boolean charsetFromLocale;

	private boolean errorSent;

	private boolean contentTypeDropped;

	private long declaredLength = -1;

	private long writerChars;

	private long firstBufferBytes = -1;

	private @Nullable String redirectLocation;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	RouteResponse(int maxBodySize, ContainerCharsets charsets) {
		this.body = new ReplyBody(maxBodySize);
		this.charsets = charsets;
		setBufferSize(CONTAINER_BUFFER_SIZE);
		// The in-memory response's default otherwise is ISO-8859-1, the specification's.
		String contextDefault = charsets.contextDefault();
		if (contextDefault != null) {
			setDefaultCharacterEncoding(contextDefault);
		}
	}

	// As containers do: an error clears what the route wrote, and the response is done for the
	// route, whose further writes go nowhere, until the error page takes it.
	@Override
	public void sendError(int status, @Nullable String errorMessage) throws IOException {
		super.sendError(status, errorMessage);
		this.errorSent = true;
		this.body.reset();
		this.body.suspend();
	}

	@Override
	public void sendError(int status) throws IOException {
		super.sendError(status);
		this.errorSent = true;
		this.body.reset();
		this.body.suspend();
	}

	// As containers do, where the in-memory response kept the body: a redirect clears what the
	// route wrote before it (unless told not to), and what the route writes after it, such as
	// a value that it returned and Spring MVC renders, goes nowhere.
	@Override
	public void sendRedirect(String url, int status, boolean clearBuffer) throws IOException {
		Assert.state(!isCommitted(), "Cannot send redirect - response is already committed");
		if (clearBuffer) {
			resetBuffer();
			// As Tomcat does: the stream may then be taken where the writer was, or the other way.
			this.writer = null;
			this.outputStream = null;
		}
		super.sendRedirect(url, status, clearBuffer);
		this.body.suspend();
		this.redirectLocation = url;
	}

	/**
	 * Return the location that the route redirected to with {@code sendRedirect}, if it did.
	 * @return the location as the route gave it, or {@code null}
	 */
	@Nullable String redirectLocation() {
		return this.redirectLocation;
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
			String encoding = getCharacterEncoding();
			if (!isCharset()) {
				// As the container does: the writer's charset is fixed now, and named in the
				// Content-Type (unless the container assumes it), so that a client reads it.
				WriterCharset charset = this.charsets.forWriter(getContentType());
				encoding = charset.name();
				if (charset.named()) {
					setCharacterEncoding(encoding);
				}
			}
			if (isSupported(encoding)) {
				writer = new BodyWriter(new OutputStreamWriter(this.body, encoding));
			}
			else {
				// As Tomcat and Jetty do over HTTP with a charset that the JVM does not have:
				// their writer fails at every write and says nothing, and the response goes
				// without a Content-Type.
				OutputStream nowhere = OutputStream.nullOutputStream();
				writer = new BodyWriter(new OutputStreamWriter(nowhere, StandardCharsets.UTF_8));
				super.setContentType(null);
				this.contentTypeDropped = true;
			}
			this.writer = writer;
		}
		return writer;
	}

	// As the specification says and containers do: once the writer is handed out, its charset
	// stays.
	@Override
	public void setCharacterEncoding(@Nullable String characterEncoding) {
		if (this.writer == null && !isCommitted()) {
			super.setCharacterEncoding(characterEncoding);
			this.charsetFromLocale = false;
		}
	}

	// As containers do: the charset that they map the locale to, unless one was set otherwise
	// or the writer is handed out. Spring MVC sets the locale of every response that a view
	// renders.
	@Override
	public void setLocale(@Nullable Locale locale) {
		if (isCommitted()) {
			return;
		}
		super.setLocale(locale);
		if (locale != null && this.writer == null && (!isCharset() || this.charsetFromLocale)) {
			String charset = this.charsets.forLocale(locale);
			if (charset != null) {
				super.setCharacterEncoding(charset);
				this.charsetFromLocale = true;
			}
		}
	}

	// As containers do, where the in-memory response did not: a charset set before stays when a
	// content type names none (on Tomcat, JSON's included, which the in-memory response made
	// UTF-8), and once the writer is handed out, a content type's charset is ignored.
	@Override
	public void setContentType(@Nullable String contentType) {
		if (this.contentTypeDropped || isCommitted()) {
			return;
		}
		if (contentType != null && this.writer == null && this.charsets.assumesCharset(contentType)
				&& !contentType.toLowerCase(Locale.ROOT).contains("charset=")) {
			// As Jetty does for JSON: its charset, unnamed, in place of any set before.
			super.setCharacterEncoding((String) null);
			this.charsetFromLocale = false;
			super.setContentType(contentType);
			return;
		}
		MediaType type = (contentType != null && isCharset()) ? parse(contentType) : null;
		if (type != null && type.getCharset() != null && this.writer == null) {
			this.charsetFromLocale = false;
		}
		else if (type != null) {
			Map<String, String> parameters = new LinkedHashMap<>(type.getParameters());
			parameters.keySet().removeIf((name) -> name.equalsIgnoreCase("charset"));
			parameters.put("charset", getCharacterEncoding());
			try {
				contentType = new MediaType(type.getType(), type.getSubtype(), parameters).toString();
			}
			catch (IllegalArgumentException ex) {
				// A charset this JVM does not have: the content type goes as it is.
			}
		}
		super.setContentType(contentType);
	}

	// As containers do, where the in-memory response did not: once the response is committed
	// (flushed, past the buffer, all of its declared length written, or sent as an error or a
	// redirect) its headers are sent, and what would change them is ignored. A filter that sets
	// a header after the chain sets it only on a response that is still buffered.
	@Override
	public void setHeader(@Nullable String name, @Nullable String value) {
		if (!isCommitted()) {
			super.setHeader(name, value);
			if (value == null && HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				this.declaredLength = -1;
			}
		}
	}

	@Override
	public void addHeader(@Nullable String name, @Nullable String value) {
		if (!isCommitted()) {
			super.addHeader(name, value);
		}
	}

	@Override
	public void setIntHeader(String name, int value) {
		if (!isCommitted()) {
			super.setIntHeader(name, value);
		}
	}

	@Override
	public void addIntHeader(String name, int value) {
		if (!isCommitted()) {
			super.addIntHeader(name, value);
		}
	}

	@Override
	public void setDateHeader(String name, long value) {
		if (!isCommitted()) {
			super.setDateHeader(name, value);
		}
	}

	@Override
	public void addDateHeader(String name, long value) {
		if (!isCommitted()) {
			super.addDateHeader(name, value);
		}
	}

	@Override
	public void addCookie(Cookie cookie) {
		if (!isCommitted()) {
			super.addCookie(cookie);
		}
	}

	// A declared length also completes the response once it is all written, as the servlet
	// specification closes it then.
	@Override
	public void setContentLength(int contentLength) {
		setContentLengthLong(contentLength);
	}

	@Override
	public void setContentLengthLong(long contentLength) {
		if (!isCommitted()) {
			super.setContentLengthLong(contentLength);
			this.declaredLength = contentLength;
			commitIfSent();
		}
	}

	@Override
	public byte[] getContentAsByteArray() {
		return this.body.toByteArray();
	}

	// In a charset that the JVM does not have, as UTF-8, as an HTTP client reads it (Java's).
	@Override
	public String getContentAsString() throws UnsupportedEncodingException {
		String encoding = getCharacterEncoding();
		Charset charset = isSupported(encoding) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
		return new String(this.body.toByteArray(), charset);
	}

	@Override
	public String getContentAsString(Charset fallbackCharset) throws UnsupportedEncodingException {
		return isCharset() ? getContentAsString() : new String(this.body.toByteArray(), fallbackCharset);
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		this.body.reset();
		this.writerChars = 0;
		this.firstBufferBytes = -1;
	}

	// As containers do: the writer or the stream may be taken again, the writer with a charset
	// of its own.
	@Override
	public void reset() {
		super.reset();
		this.writer = null;
		this.outputStream = null;
		this.charsetFromLocale = false;
		this.contentTypeDropped = false;
		this.declaredLength = -1;
	}

	/**
	 * Make ready for the error page, as a container does: the body, the committed state and
	 * the declared length go, the headers stay.
	 * @param status the error status
	 */
	void resetForErrorPage(int status) {
		setCommitted(false);
		this.declaredLength = -1;
		resetBuffer();
		// As containers do: the error page may take the stream where the route took the writer,
		// or the other way round, and give its writer a charset of its own.
		this.writer = null;
		this.outputStream = null;
		this.contentTypeDropped = false;
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

	private static boolean isSupported(String charset) {
		try {
			return Charset.isSupported(charset);
		}
		catch (IllegalArgumentException ex) {
			// An illegal name, which no JVM has either.
			return false;
		}
	}

	private static @Nullable MediaType parse(@Nullable String contentType) {
		try {
			return (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	/**
	 * Return whether the route wrote more than the body may hold; the body is then empty.
	 * @return whether the body is over its limit
	 */
	boolean isBodyOverLimit() {
		return this.body.isOverLimit();
	}

	// As Tomcat does: the response is sent once its buffer cannot hold what was written, and
	// complete once its declared length is written. The writer's characters wait in a buffer of
	// their own, as many as the response's buffer holds bytes, and are encoded into that one
	// each time it is full and more come: the response is sent when they do not fit, so when
	// the first buffer of them took more bytes, and else once twice that many were written.
	private void commitIfSent() {
		long written = this.body.written;
		int size = getBufferSize();
		boolean overflowed = (this.writer != null) ? size > 0 && (this.writerChars > 2L * size
				|| (this.writerChars > size && this.firstBufferBytes > size)) : size > 0 && written > size;
		if (overflowed || (this.declaredLength > 0 && written >= this.declaredLength)) {
			setCommitted(true);
		}
	}

	// Counts what the writer wrote, split where its characters fill the first buffer, whose
	// bytes are then known.
	private int charsToWriteAtOnce(int len) {
		int size = getBufferSize();
		return (this.writerChars < size && this.writerChars + len > size) ? (int) (size - this.writerChars) : len;
	}

	private void charsWritten(int count) {
		this.writerChars += count;
		if (this.firstBufferBytes < 0 && this.writerChars >= getBufferSize()) {
			this.firstBufferBytes = this.body.written;
		}
		commitIfSent();
	}

	/**
	 * The bytes of the body up to the limit; past it, none, and what comes is counted only.
	 */
	private static final class ReplyBody extends OutputStream {

		private final int limit;

		private ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);

		private long written;

		private boolean suspended;

		ReplyBody(int limit) {
			this.limit = limit;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			if (this.suspended) {
				return;
			}
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
			this.suspended = false;
		}

		// The response is done: what comes is dropped, until a reset.
		void suspend() {
			this.suspended = true;
		}

	}

	private final class BodyOutputStream extends ServletOutputStream {

		@Override
		public void write(int b) {
			RouteResponse.this.body.write(b);
			commitIfSent();
		}

		@Override
		public void write(byte[] b, int off, int len) {
			RouteResponse.this.body.write(b, off, len);
			commitIfSent();
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
			int done = 0;
			while (done < len) {
				int count = charsToWriteAtOnce(len - done);
				super.write(buf, off + done, count);
				super.flush();
				done += count;
				charsWritten(count);
			}
		}

		@Override
		public void write(String s, int off, int len) {
			int done = 0;
			while (done < len) {
				int count = charsToWriteAtOnce(len - done);
				super.write(s, off + done, count);
				super.flush();
				done += count;
				charsWritten(count);
			}
		}

		@Override
		public void write(int c) {
			super.write(c);
			super.flush();
			charsWritten(1);
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
