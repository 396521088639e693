package dev.realtime.boot.testapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.DeferredResult;

import dev.realtime.boot.RealtimeSocket;

/**
 * Routes that tests call over the socket and over HTTP.
 */
@RestController
@RequestMapping("/route")
class RouteTestController {

	private final RealtimeSocket socket;

	private final List<DeferredResult<String>> held = new CopyOnWriteArrayList<>();

	private final AtomicInteger atGate = new AtomicInteger();

	private final CountDownLatch gate = new CountDownLatch(1);

	RouteTestController(RealtimeSocket socket) {
		this.socket = socket;
	}

	@RequestMapping("/echo")
	Map<String, Object> echo(HttpServletRequest request) throws IOException {
		Map<String, Object> echo = new LinkedHashMap<>();
		echo.put("method", request.getMethod());
		echo.put("uri", request.getRequestURI());
		echo.put("query", request.getQueryString());
		// Parameters first: over HTTP, reading the body first would leave a form post none.
		echo.put("parameters", request.getParameterMap());
		echo.put("contentType", request.getContentType());
		echo.put("body", StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8));
		echo.put("custom", request.getHeader("X-Custom"));
		echo.put("filters", request.getAttribute(TestFilters.TRACE_ATTRIBUTE));
		HttpSession session = request.getSession(false);
		echo.put("session", (session != null) ? session.getId() : null);
		echo.put("remoteAddr", request.getRemoteAddr());
		return echo;
	}

	@PostMapping("/join")
	ResponseEntity<Void> join(@RequestParam("channel") String channel) {
		this.socket.subscribe(channel);
		return ResponseEntity.noContent().header("X-Joined", channel).build();
	}

	@GetMapping("/connection-id")
	String connectionId() {
		return this.socket.connectionId();
	}

	@PostMapping("/note")
	String writeNote(@RequestParam("note") String note, HttpSession session) {
		session.setAttribute("note", note);
		return "noted";
	}

	@GetMapping("/note")
	String readNote(HttpSession session) {
		return String.valueOf(session.getAttribute("note"));
	}

	private volatile String afterInvalidate = "not called";

	// As a logout does: ends the session, then looks for it again (Spring Security then removes
	// the security context from whatever session the request still has).
	@PostMapping("/invalidate")
	String invalidate(HttpServletRequest request) {
		String outcome;
		try {
			request.getSession().invalidate();
			HttpSession after = request.getSession(false);
			outcome = (after == null) ? "no session" : "session " + after.getId();
			if (after != null) {
				after.removeAttribute("note");
			}
		}
		catch (RuntimeException ex) {
			outcome = ex.toString();
		}
		this.afterInvalidate = outcome;
		return outcome;
	}

	@GetMapping("/after-invalidate")
	String afterInvalidate() {
		return this.afterInvalidate;
	}

	private final AtomicInteger completions = new AtomicInteger();

	@GetMapping("/deferred-completion")
	DeferredResult<String> deferredCompletion() {
		DeferredResult<String> result = new DeferredResult<>();
		result.onCompletion(this.completions::incrementAndGet);
		CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> result.setResult("done"));
		return result;
	}

	@GetMapping("/completions")
	String completions() {
		return String.valueOf(this.completions.get());
	}

	@GetMapping("/advised")
	String advised() {
		throw new AdvisedException("the advice answers this");
	}

	@GetMapping("/crash")
	String crash() {
		throw new IllegalStateException("crash in a route");
	}

	@GetMapping("/deferred")
	DeferredResult<String> deferred() {
		DeferredResult<String> result = new DeferredResult<>();
		CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> result.setResult("deferred done"));
		return result;
	}

	@GetMapping("/callable")
	Callable<String> callable() {
		return () -> "callable done";
	}

	@GetMapping("/future")
	CompletableFuture<String> future() {
		return CompletableFuture.supplyAsync(() -> "future done",
				CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
	}

	@GetMapping("/never")
	DeferredResult<String> never() {
		return new DeferredResult<>(300L);
	}

	@GetMapping("/slow")
	String slow(@RequestParam("millis") long millis) throws InterruptedException {
		Thread.sleep(millis);
		return "slow done";
	}

	@GetMapping("/hold")
	DeferredResult<String> hold() {
		DeferredResult<String> result = new DeferredResult<>(30_000L);
		this.held.add(result);
		return result;
	}

	// A logout whose answer comes later (it writes an audit record first, say): its session has
	// ended while the call still waits for its answer, until released as the held calls are.
	@PostMapping("/logout-held")
	DeferredResult<String> logoutHeld(HttpSession session) {
		session.invalidate();
		return hold();
	}

	@GetMapping("/held")
	String heldCount() {
		return String.valueOf(this.held.size());
	}

	@PostMapping("/release")
	String release() {
		int count = this.held.size();
		this.held.forEach((result) -> result.setResult("released"));
		this.held.clear();
		return String.valueOf(count);
	}

	@PostMapping("/text")
	String text(@RequestBody String body) {
		return body;
	}

	@PostMapping("/upload")
	String upload(@RequestParam String note) {
		return note;
	}

	@GetMapping("/header-then-crash")
	String headerThenCrash(HttpServletResponse response) {
		response.setHeader("X-Before", "set");
		throw new IllegalStateException("crash after setting a header");
	}

	@GetMapping("/guarded")
	String guarded() {
		return "guarded content";
	}

	@GetMapping("/fatal")
	String fatal() {
		return "the fatal filter never lets this run";
	}

	@GetMapping("/files/{name}")
	Object file(@PathVariable String name, HttpServletRequest request) {
		return request.getAttribute(TestFilters.TRACE_ATTRIBUTE);
	}

	// Blocks its thread until the gate opens; once open, it stays open.
	@GetMapping("/gate")
	String gate() throws InterruptedException {
		this.atGate.incrementAndGet();
		try {
			return this.gate.await(30, TimeUnit.SECONDS) ? "through" : "gate stayed shut";
		}
		finally {
			this.atGate.decrementAndGet();
		}
	}

	@GetMapping("/at-gate")
	String atGate() {
		return String.valueOf(this.atGate.get());
	}

	@PostMapping("/open-gate")
	String openGate() {
		this.gate.countDown();
		return "opened";
	}

	static class AdvisedException extends RuntimeException {

		AdvisedException(String message) {
			super(message);
		}

	}

	@RestControllerAdvice(assignableTypes = RouteTestController.class)
	static class RouteAdvice {

		@ExceptionHandler(AdvisedException.class)
		ResponseEntity<Map<String, String>> advised(AdvisedException ex) {
			return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Map.of("problem", ex.getMessage()));
		}

	}

}
