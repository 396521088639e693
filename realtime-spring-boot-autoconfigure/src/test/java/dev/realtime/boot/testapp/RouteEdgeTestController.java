package dev.realtime.boot.testapp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Routes at the edges of what a call over the socket carries.
 */
@RestController
@RequestMapping("/route-edge")
class RouteEdgeTestController {

	private final Map<String, List<String>> abandoned = new ConcurrentHashMap<>();

	private final AtomicReference<String> lastLarge = new AtomicReference<>("not called");

	// Writes the given number of bytes in 8 KB chunks, as a report or a download would, and
	// records how many it wrote and how many the response held once it was done (-1 over HTTP,
	// where the container sends them as they come).
	@GetMapping("/large")
	void large(@RequestParam("bytes") long bytes, HttpServletResponse response) throws IOException {
		response.setContentType("text/plain");
		byte[] chunk = new byte[8192];
		Arrays.fill(chunk, (byte) 'x');
		long written = 0;
		OutputStream body = response.getOutputStream();
		while (written < bytes) {
			int length = (int) Math.min(chunk.length, bytes - written);
			body.write(chunk, 0, length);
			written += length;
		}
		this.lastLarge.set("wrote " + written + ", held " + held(response));
	}

	@GetMapping("/last-large")
	String lastLarge() {
		return this.lastLarge.get();
	}

	// The same through the writer, one character at a time, as a template engine writes.
	@GetMapping("/large-text")
	void largeText(@RequestParam("chars") int chars, HttpServletResponse response) throws IOException {
		response.setContentType("text/plain;charset=UTF-8");
		PrintWriter writer = response.getWriter();
		for (int i = 0; i < chars; i++) {
			writer.write('y');
		}
	}

	private static long held(ServletResponse response) {
		ServletResponse unwrapped = response;
		while (unwrapped instanceof ServletResponseWrapper wrapper) {
			unwrapped = wrapper.getResponse();
		}
		return (unwrapped instanceof MockHttpServletResponse mock) ? mock.getContentAsByteArray().length : -1;
	}

	// Text that only some charsets can encode: ISO-8859-1 has the é and not the euro sign.
	static final String LATIN_AND_EURO = "café €";

	// Written through the writer with no charset named, in a content type given by the call.
	@GetMapping("/charset/writer")
	void writerWithoutCharset(@RequestParam("type") String type, HttpServletResponse response) throws IOException {
		response.setContentType(type);
		response.getWriter().write(LATIN_AND_EURO);
	}

	// A charset named once the writer is handed out comes too late for it.
	@GetMapping("/charset/writer-then-charset")
	void charsetAfterTheWriter(HttpServletResponse response) throws IOException {
		response.setContentType("text/plain");
		PrintWriter writer = response.getWriter();
		response.setCharacterEncoding("UTF-8");
		response.setContentType("text/plain;charset=UTF-8");
		writer.write(LATIN_AND_EURO);
	}

	// A charset set on its own, before a content type that names none.
	@GetMapping("/charset/charset-then-type")
	void charsetBeforeTheType(@RequestParam("type") String type, HttpServletResponse response) throws IOException {
		response.setCharacterEncoding("windows-1252");
		response.setContentType(type);
		response.getWriter().write(LATIN_AND_EURO);
	}

	// A charset that no JVM has, set on its own before the writer is taken.
	@GetMapping("/charset/unknown")
	void unknownCharset(HttpServletResponse response) throws IOException {
		response.setContentType("text/plain");
		response.setCharacterEncoding("x-unknown");
		response.getWriter().write(LATIN_AND_EURO);
	}

	// Bytes of the given charset through the stream, in a content type given by the call.
	@GetMapping("/charset/stream")
	void streamInCharset(@RequestParam("type") String type, @RequestParam("charset") String charset,
			HttpServletResponse response) throws IOException {
		response.setContentType(type);
		response.getOutputStream().write(LATIN_AND_EURO.getBytes(charset));
	}

	// A view that writes without naming a charset, rendered by Spring MVC after it set the
	// response's locale (the request's, from its Accept-Language).
	@GetMapping("/charset/view")
	View viewWithoutCharset() {
		return (model, request, response) -> {
			response.setContentType("text/html");
			response.getWriter().write(LATIN_AND_EURO);
		};
	}

	// Writes the given number of characters, through the writer or the stream, then sets a
	// status, a header and a cookie: over HTTP they count only while the response is not
	// committed, while its buffers hold all that was written (Tomcat's hold 8 KB of bytes, and
	// 8 K characters more for the writer). A filter sets a header after the chain.
	@GetMapping("/late/written")
	void writtenThenHeaders(@RequestParam("chars") int chars,
			@RequestParam(name = "stream", defaultValue = "false") boolean stream, HttpServletResponse response)
			throws IOException {
		response.setContentType("text/plain;charset=UTF-8");
		String body = "y".repeat(chars);
		if (stream) {
			response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
		}
		else {
			response.getWriter().write(body);
		}
		response.setStatus(201);
		response.setHeader("X-Late", "set");
		response.addCookie(new Cookie("late", "set"));
	}

	// A body whose length Spring MVC declares: once it is all written the response is complete,
	// and the header that the filter sets after the chain comes too late.
	@GetMapping("/late/declared")
	String declaredLength() {
		return "a body of declared length";
	}

	// A value returned with a status that has no body, as a delete that answers what it deleted
	// with 204 would: over HTTP the container drops the body that Spring MVC writes.
	@GetMapping("/no-content")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Map<String, String> noContent() {
		return Map.of("deleted", "note");
	}

	// A body with the given status, and its length.
	@GetMapping("/status-with-body")
	ResponseEntity<String> statusWithBody(@RequestParam("status") int status) {
		return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body("the route's body");
	}

	// Writes, redirects, and returns a value that Spring MVC then writes: over HTTP the redirect
	// clears what was written before it, and the container drops what comes after.
	@GetMapping("/redirect-with-body")
	String redirectWithBody(HttpServletResponse response) throws IOException {
		response.getOutputStream().write("written before the redirect".getBytes(StandardCharsets.UTF_8));
		response.sendRedirect("https://example.com/elsewhere");
		return "returned after the redirect";
	}

	// Redirects to a path, or to one relative to the route's own: Spring Boot's Tomcat sends
	// the location absolute (server.tomcat.use-relative-redirects is false by default).
	@GetMapping("/redirect/to")
	void redirectTo(@RequestParam("location") String location, HttpServletResponse response) throws IOException {
		response.sendRedirect(location);
	}

	@GetMapping("/locale")
	String locale(HttpServletRequest request) {
		return request.getLocale().toLanguageTag() + " "
				+ Collections.list(request.getLocales()).stream().map(Locale::toLanguageTag).toList();
	}

	// Starts async itself, as a filter or a servlet may, and answers through the async
	// context's response.
	@GetMapping("/start-async")
	void startAsyncWithoutArguments(HttpServletRequest request) {
		AsyncContext async = request.startAsync();
		CompletableFuture.runAsync(() -> {
			try {
				ServletResponse response = async.getResponse();
				response.setContentType("text/plain");
				response.getWriter().write("answered through the async context's response, original: "
						+ async.hasOriginalRequestAndResponse());
			}
			catch (RuntimeException | IOException ex) {
				// The reply then has no body, which the test tells from the expected one.
			}
			finally {
				async.complete();
			}
		});
	}

	// An async route whose result never comes: what it hears of is recorded under its tag.
	@GetMapping("/abandoned")
	DeferredResult<String> abandoned(@RequestParam("tag") String tag) {
		List<String> heard = Collections.synchronizedList(new ArrayList<>());
		this.abandoned.put(tag, heard);
		DeferredResult<String> result = new DeferredResult<>(60_000L);
		result.onError((ex) -> heard.add("error " + ex.getClass().getSimpleName()));
		result.onTimeout(() -> heard.add("timeout"));
		result.onCompletion(() -> heard.add("completion"));
		heard.add("started");
		return result;
	}

	// The same with an emitter that has sent a part and is never completed.
	@GetMapping("/abandoned-emitter")
	ResponseBodyEmitter abandonedEmitter(@RequestParam("tag") String tag) {
		ResponseBodyEmitter emitter = recorded(tag, new ResponseBodyEmitter(60_000L));
		CompletableFuture.runAsync(() -> {
			try {
				emitter.send("first part", MediaType.TEXT_PLAIN);
			}
			catch (IOException ex) {
				this.abandoned.get(tag).add("send failed");
			}
		});
		return emitter;
	}

	// An event stream that never ends, as most do. Its first event is sent at once (Spring MVC
	// holds it until the stream starts), so that what it hears of is always the same.
	@GetMapping("/event-stream")
	SseEmitter eventStream(@RequestParam("tag") String tag) throws IOException {
		SseEmitter emitter = recorded(tag, new SseEmitter(60_000L));
		emitter.send("first event");
		return emitter;
	}

	// An event stream whose first event comes after the route returned, as most do. The pause
	// puts the event after the request went async (an event sent before is held and sent as
	// the stream starts).
	@GetMapping("/late-event-stream")
	SseEmitter lateEventStream(@RequestParam("tag") String tag) {
		SseEmitter emitter = recorded(tag, new SseEmitter(60_000L));
		CompletableFuture.runAsync(() -> {
			try {
				emitter.send("first event");
			}
			catch (IOException ex) {
				this.abandoned.get(tag).add("send failed");
			}
		}, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
		return emitter;
	}

	// An event stream that ends after two events.
	@GetMapping("/finite-event-stream")
	SseEmitter finiteEventStream(@RequestParam("tag") String tag) throws IOException {
		SseEmitter emitter = recorded(tag, new SseEmitter(60_000L));
		emitter.send("first event");
		emitter.send("last event");
		emitter.complete();
		return emitter;
	}

	// A body sent in parts that ends, from another thread, as a task that reports its progress.
	@GetMapping("/emitter")
	ResponseBodyEmitter emitter() {
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(60_000L);
		CompletableFuture.runAsync(() -> {
			try {
				emitter.send("first part, ", MediaType.TEXT_PLAIN);
				emitter.send("last part", MediaType.TEXT_PLAIN);
				emitter.complete();
			}
			catch (IOException ex) {
				emitter.completeWithError(ex);
			}
		});
		return emitter;
	}

	// A body written to the response's stream by Spring MVC's task executor, flushed on the way.
	@GetMapping("/streaming")
	StreamingResponseBody streaming() {
		return (body) -> {
			body.write("streamed ".getBytes(StandardCharsets.UTF_8));
			body.flush();
			body.write("body".getBytes(StandardCharsets.UTF_8));
		};
	}

	// Records what the emitter hears of under the tag.
	private <T extends ResponseBodyEmitter> T recorded(String tag, T emitter) {
		List<String> heard = Collections.synchronizedList(new ArrayList<>());
		this.abandoned.put(tag, heard);
		emitter.onError((ex) -> heard.add("error " + ex.getClass().getSimpleName()));
		emitter.onTimeout(() -> heard.add("timeout"));
		emitter.onCompletion(() -> heard.add("completion"));
		heard.add("started");
		return emitter;
	}

	@GetMapping("/abandoned-heard")
	String abandonedHeard(@RequestParam("tag") String tag) {
		List<String> heard = this.abandoned.get(tag);
		return (heard != null) ? String.join(",", heard) : "not called";
	}

}
