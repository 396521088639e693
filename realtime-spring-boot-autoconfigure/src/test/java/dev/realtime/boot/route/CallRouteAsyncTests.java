package dev.realtime.boot.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static dev.realtime.boot.route.RouteCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async requests of routes called over the socket, as the servlet container runs them: started
 * by the application itself, and left by a client that goes away.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CallRouteAsyncTests {

	@RegisterExtension
	final OpenedPage page = new OpenedPage();

	@Test
	void startAsyncWithoutArgumentsGivesTheRequestsOwnResponseAsOverHttp() {
		String overHttp = this.page.browser().get("/route-edge/start-async").body();
		assertThat(overHttp).isEqualTo("answered through the async context's response, original: true");
		JsonNode reply = call(this.page.socket(), "s", "GET", "/route-edge/start-async");
		assertThat(reply.get("status").asInt()).isEqualTo(200);
		assertThat(reply.get("body").asString()).isEqualTo(overHttp);
	}

	@Test
	void asyncRouteLeftByAClosedSocketHearsOfTheErrorAndCompletes() throws InterruptedException {
		this.page.socket().send(RouteCalls.message("a", "GET", "/route-edge/abandoned?tag=closed-socket").toString());
		assertThat(awaitHeard("closed-socket", "started", 5_000)).isEqualTo("started");

		this.page.socket().close();

		// A container tells the async listeners at once when the client goes away (the
		// DeferredResult's own timeout is a minute, the container's default 30 s); Spring MVC
		// passes the error on as its AsyncRequestNotUsableException.
		String completed = "started,error AsyncRequestNotUsableException,completion";
		assertThat(awaitHeard("closed-socket", completed, 5_000)).isEqualTo(completed);
		// The socket's place is free and the application goes on.
		try (RealtimeTestSocket another = this.page.browser().connect(this.page.browser().renderPage("/page"))) {
			assertThat(call(another, "after", "GET", "/route/connection-id").get("status").asInt()).isEqualTo(200);
		}
	}

	@Test
	void emitterLeftByAClosedSocketHearsOfTheErrorAndCompletes() throws InterruptedException {
		this.page.socket()
			.send(RouteCalls.message("e", "GET", "/route-edge/abandoned-emitter?tag=closed-emitter").toString());
		assertThat(awaitHeard("closed-emitter", "started", 5_000)).isEqualTo("started");

		this.page.socket().close();

		String completed = "started,error AsyncRequestNotUsableException,completion";
		assertThat(awaitHeard("closed-emitter", completed, 5_000)).isEqualTo(completed);
	}

	@Test
	void eventStreamThatNeverEndsIsAnsweredAtOnceWithAnErrorAndHearsOfItsEnd() throws InterruptedException {
		// Without an answer the call would wait for the emitter's timeout, a minute, far past the
		// test socket's wait for a reply.
		JsonNode reply = call(this.page.socket(), "sse", "GET", "/route-edge/event-stream?tag=endless-stream");
		assertThat(reply.get("status").asInt()).isEqualTo(502);
		assertThat(reply.get("error").asString()).contains("cannot carry an event stream (text/event-stream)")
			.contains("channel");
		// As when its client goes away over HTTP: Spring MVC runs the emitter's callbacks.
		String ended = "started,error AsyncRequestNotUsableException,completion";
		assertThat(awaitHeard("endless-stream", ended, 5_000)).isEqualTo(ended);
		assertThat(call(this.page.socket(), "after", "GET", "/route/connection-id").get("status").asInt())
			.isEqualTo(200);
	}

	@Test
	void eventStreamWhoseFirstEventComesAfterTheRouteReturnedIsAnsweredWithAnErrorWhenItComes()
			throws InterruptedException {
		// Spring MVC sets the stream's content type on the response when the route returns the
		// emitter (SseEmitter.extendResponse, through headers that write through to the servlet
		// response), before any event: the call is answered at once, not at the first event, nor
		// at the emitter's timeout, past the test socket's wait for a reply.
		JsonNode reply = call(this.page.socket(), "sse", "GET", "/route-edge/late-event-stream?tag=late-stream");
		assertThat(reply.get("status").asInt()).isEqualTo(502);
		assertThat(reply.get("error").asString()).contains("cannot carry an event stream (text/event-stream)");
		String ended = "started,error AsyncRequestNotUsableException,completion";
		assertThat(awaitHeard("late-stream", ended, 5_000)).isEqualTo(ended);
		assertThat(call(this.page.socket(), "after", "GET", "/route/connection-id").get("status").asInt())
			.isEqualTo(200);
	}

	@Test
	void eventStreamThatEndsIsAnsweredWithAnErrorAsWell() {
		assertThat(this.page.browser().get("/route-edge/finite-event-stream?tag=finite-over-http").body())
			.isEqualTo("data:first event\n\ndata:last event\n\n");
		JsonNode reply = call(this.page.socket(), "sse", "GET", "/route-edge/finite-event-stream?tag=finite-stream");
		assertThat(reply.get("status").asInt()).isEqualTo(502);
		assertThat(reply.get("error").asString()).contains("cannot carry an event stream (text/event-stream)");
	}

	@Test
	void emitterAndStreamingBodyThatEndAreAnsweredWithTheirWholeBodyAsOverHttp() {
		for (String uri : new String[] { "/route-edge/emitter", "/route-edge/streaming" }) {
			String overHttp = this.page.browser().get(uri).body();
			JsonNode reply = call(this.page.socket(), uri, "GET", uri);
			assertThat(reply.get("status").asInt()).as(uri).isEqualTo(200);
			assertThat(reply.get("body").asString()).as(uri).isEqualTo(overHttp);
		}
		assertThat(this.page.browser().get("/route-edge/emitter").body()).isEqualTo("first part, last part");
		assertThat(this.page.browser().get("/route-edge/streaming").body()).isEqualTo("streamed body");
	}

	private String awaitHeard(String tag, String expected, long millis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + millis;
		String heard = this.page.browser().get("/route-edge/abandoned-heard?tag=" + tag).body();
		while (!heard.equals(expected) && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
			heard = this.page.browser().get("/route-edge/abandoned-heard?tag=" + tag).body();
		}
		return heard;
	}

}
