package dev.realtime.boot.action;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.OpenedPage;
import dev.realtime.boot.testapp.RealtimeTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames from clients as SPEC §3: replies, error replies, and the socket staying open after
 * every bad input.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "realtime.max-message-size=1KB")
class InboundMessagesTests {

	@RegisterExtension
	final OpenedPage page = new OpenedPage("room");

	@Test
	void pingIsAnsweredWithPongAndTheSameStringId() {
		this.page.socket().send("{\"id\":\"abc\",\"action\":\"ping\"}");
		assertThat(this.page.socket().next().toString())
			.isEqualTo("{\"id\":\"abc\",\"status\":200,\"headers\":{},\"body\":\"pong\"}");
	}

	@Test
	void pingIsAnsweredWithTheSameNumericId() {
		this.page.socket().send("{\"id\":42,\"action\":\"ping\"}");
		assertThat(this.page.socket().next().toString())
			.isEqualTo("{\"id\":42,\"status\":200,\"headers\":{},\"body\":\"pong\"}");
	}

	@Test
	void pingIsAnsweredWithTheSameLargeAndNegativeIntegerIds() {
		for (String id : new String[] { "12345678901234567890", "-42", "0" }) {
			this.page.socket().send("{\"id\":" + id + ",\"action\":\"ping\"}");
			assertThat(this.page.socket().pollFrame(Duration.ofSeconds(10)))
				.startsWith("{\"id\":" + id + ",\"status\":200,");
		}
	}

	@Test
	void fractionalIdsAreAnsweredWithTheSameNumber() {
		JsonMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		for (String id : new String[] { "1.0", "2.5", "1e400", "-1.5E-400", "0.1000000000000000055511151231257827" }) {
			this.page.socket().send("{\"id\":" + id + ",\"action\":\"ping\"}");
			JsonNode echoed = exact.readTree(this.page.socket().pollFrame(Duration.ofSeconds(10))).get("id");
			assertThat(echoed.isNumber()).as("%s echoed as %s", id, echoed).isTrue();
			assertThat(echoed.decimalValue()).as("%s echoed as %s", id, echoed).isEqualByComparingTo(id);
		}
		this.page.socket().send("{\"id\":1.0,\"action\":\"ping\"}");
		assertThat(this.page.socket().pollFrame(Duration.ofSeconds(10))).startsWith("{\"id\":1.0,");
		this.page.socket().send("{\"id\":1e400,\"action\":\"teleport\"}");
		assertThat(exact.readTree(this.page.socket().pollFrame(Duration.ofSeconds(10))).get("id").decimalValue())
			.isEqualByComparingTo("1e400");
	}

	@Test
	void fractionalIdsBeyondADecimalsExponentAreAnsweredAndTheSocketStaysOpen() {
		// Read as a double they are 0.0 and Infinity; as a BigDecimal their exponent overflows.
		for (String id : new String[] { "1e-2147483649", "1e2147483648", "-1e99999999999" }) {
			this.page.socket().send("{\"id\":" + id + ",\"action\":\"ping\"}");
			JsonNode reply = this.page.socket().next();
			assertThat(reply.get("status").asInt()).as(id).isEqualTo(200);
			assertThat(reply.get("body").asString()).as(id).isEqualTo("pong");
		}
		assertStillReceivesPushes();
	}

	@Test
	void malformedJsonGetsAnErrorReplyAndTheSocketKeepsReceiving() {
		this.page.socket().send("{\"id\":1,\"action\":");
		JsonNode error = this.page.socket().next();
		assertThat(error.get("id").isNull()).isTrue();
		assertThat(error.get("status").asInt()).isEqualTo(400);
		assertThat(error.get("error").asString()).startsWith("malformed JSON");
		assertStillReceivesPushes();
	}

	@Test
	void malformedJsonErrorsNameNoClassOrSettingOfTheServer() {
		String[] malformed = { "{\"id\":1,\"action\":\"ping\"} {\"id\":2}", "[".repeat(600), "{\"id\":1", "[1,2",
				"{\"id\":NaN}", "{\"id\":" + "9".repeat(1001) + "}" };
		for (String message : malformed) {
			this.page.socket().send(message);
			String error = this.page.socket().next().get("error").asString();
			assertThat(error).as(message).startsWith("malformed JSON");
			assertThat(error).as(message).doesNotContain("`", "jackson", "Source", "REDACTED", "Feature", "Constraints");
		}
		assertStillReceivesPushes();
	}

	@Test
	void messageThatIsNotAnObjectGetsAnErrorReply() {
		this.page.socket().send("[1,2,3]");
		JsonNode error = this.page.socket().next();
		assertThat(error.get("status").asInt()).isEqualTo(400);
		assertThat(error.get("error").asString()).contains("JSON object");
		assertStillReceivesPushes();
	}

	@Test
	void missingIdGetsAnErrorReplyWithNullId() {
		this.page.socket().send("{\"action\":\"ping\"}");
		JsonNode error = this.page.socket().next();
		assertThat(error.get("id").isNull()).isTrue();
		assertThat(error.get("status").asInt()).isEqualTo(400);
		assertThat(error.get("error").asString()).contains("\"id\"");
		assertStillReceivesPushes();
	}

	@Test
	void idThatIsNeitherStringNorNumberGetsAnErrorReply() {
		this.page.socket().send("{\"id\":{\"x\":1},\"action\":\"ping\"}");
		JsonNode error = this.page.socket().next();
		assertThat(error.get("status").asInt()).isEqualTo(400);
		assertThat(error.get("error").asString()).contains("\"id\"");
	}

	@Test
	void missingActionGetsAnErrorReplyWithTheId() {
		this.page.socket().send("{\"id\":\"m1\"}");
		JsonNode error = this.page.socket().next();
		assertThat(error.get("id").asString()).isEqualTo("m1");
		assertThat(error.get("status").asInt()).isEqualTo(400);
		assertThat(error.get("error").asString()).contains("\"action\"");
		assertStillReceivesPushes();
	}

	@Test
	void unknownActionGets404() {
		this.page.socket().send("{\"id\":\"m2\",\"action\":\"teleport\"}");
		JsonNode error = this.page.socket().next();
		assertThat(error.toString()).isEqualTo("{\"id\":\"m2\",\"status\":404,\"error\":\"unknown action 'teleport'\"}");
		assertStillReceivesPushes();
	}

	@Test
	void binaryFrameGetsAnErrorReply() {
		this.page.socket().sendBinary(new byte[] { 1, 2, 3 });
		JsonNode error = this.page.socket().next();
		assertThat(error.get("status").asInt()).isEqualTo(415);
		assertThat(error.get("error").asString()).contains("binary");
		assertStillReceivesPushes();
	}

	@Test
	void frameOverTheSizeLimitClosesWith1009AndSparesOtherSockets() {
		try (RealtimeTestSocket other = this.page.browser().openPage("room")) {
			this.page.socket().send("{\"id\":1,\"action\":\"ping\",\"pad\":\"" + "x".repeat(2048) + "\"}");
			assertThat(this.page.socket().awaitClose()).isEqualTo(1009);
			this.page.browser().push("{\"after\":true}", "room");
			assertThat(other.next().toString()).isEqualTo("{\"channel\":\"room\",\"payload\":{\"after\":true}}");
		}
	}

	@Test
	void sizeLimitCountsTheFramesBytesNotItsCharacters() {
		// 700 characters, 1,400 bytes of UTF-8: over the limit of 1 KB.
		this.page.socket().send("{\"id\":1,\"action\":\"ping\",\"pad\":\"" + "\u00e9".repeat(680) + "\"}");
		assertThat(this.page.socket().awaitClose()).isEqualTo(1009);
	}

	@Test
	void restOfAFrameOverTheSizeLimitIsNotRunAsAMessageOfItsOwn() {
		try (RealtimeTestSocket watcher = this.page.browser().openPage("watch")) {
			// Tomcat hands the frame over in parts of at most the size limit: the parts after
			// the one that went over it are the message below, which must not run.
			String tail = "{\"id\":\"tail\",\"action\":\"call-route\",\"method\":\"POST\",\"uri\":\"/push?channel=watch\","
					+ "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"smuggled\\\":true}\"}";
			this.page.socket().send(" ".repeat(2048) + tail);
			assertThat(this.page.socket().awaitClose()).isEqualTo(1009);
			assertThat(watcher.pollFrame(Duration.ofSeconds(2))).as("frame pushed by the rest of the oversize frame")
				.isNull();
		}
	}

	@Test
	void frameJustUnderTheSizeLimitIsAnswered() {
		String pad = "x".repeat(900);
		JsonNode reply = this.page.socket()
			.request("{\"id\":\"big\",\"action\":\"ping\",\"pad\":\"" + pad + "\"}", "big");
		assertThat(reply.get("status").asInt()).isEqualTo(200);
	}

	private void assertStillReceivesPushes() {
		this.page.browser().push("{\"still\":\"open\"}", "room");
		assertThat(this.page.socket().next().toString())
			.isEqualTo("{\"channel\":\"room\",\"payload\":{\"still\":\"open\"}}");
		assertThat(this.page.socket().request("{\"id\":\"p\",\"action\":\"ping\"}", "p").get("body").asString())
			.isEqualTo("pong");
	}

}
