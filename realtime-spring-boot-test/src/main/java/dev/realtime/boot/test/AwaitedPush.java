package dev.realtime.boot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.realtime.boot.test.RealtimeTestSocket.Frame;

/**
 * A push that a {@link RealtimeTestSocket} waited for, narrowed step by step:
 * <pre class="code">
 * socket.awaitPush().onChannel("chat").withPayload("{\"content\":\"hi\"}");
 * socket.awaitPush().onChannel("room:lobby").withPayloadAt("/content", "in the lobby");
 * JsonNode payload = socket.awaitPush().onChannel("chat").payload();
 * </pre>
 * Each step waits until a push not taken by an earlier wait holds everything asked so far, and
 * takes the first that does; pushes that do not match stay for later waits. A step that runs out
 * of time fails with what it waited for and the frames that did arrive.
 */
public final class AwaitedPush {

	private static final JsonMapper json = JsonMapper.shared();

	private final RealtimeTestSocket socket;

	private final Duration timeout;

	private final List<Criterion> criteria = new ArrayList<>();

	private Frame frame;

	AwaitedPush(RealtimeTestSocket socket, Duration timeout) {
		this.socket = socket;
		this.timeout = timeout;
		this.criteria.add(new Criterion("a push", (frame) -> frame.json().has("channel") && frame.json().has("payload")));
		this.frame = this.socket.take(this::matches, describe(), timeout);
	}

	/**
	 * Wait for the push to be on the given channel, the subscribed channel the frame names.
	 * @param channel the channel name
	 * @return this push
	 */
	public AwaitedPush onChannel(String channel) {
		return narrow("on channel '" + channel + "'",
				(frame) -> channel.equals(frame.json().get("channel").asString(null)));
	}

	/**
	 * Wait for the push's payload to equal the given JSON; object members may come in any order.
	 * @param expectedJson the payload, as JSON text ({@code "{\"content\":\"hi\"}"},
	 * {@code "\"a string\""}, {@code "42"})
	 * @return this push
	 */
	public AwaitedPush withPayload(String expectedJson) {
		JsonNode expected;
		try {
			expected = json.readTree(expectedJson);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Expected payload is not JSON: " + expectedJson, ex);
		}
		return narrow("with payload " + expected, (frame) -> expected.equals(frame.json().get("payload")));
	}

	/**
	 * Wait for the push's payload to hold a value at a JSON Pointer.
	 * @param jsonPointer where in the payload, such as {@code "/content"} or {@code "/items/0/id"}
	 * @param expected the value there (a string, number, boolean, {@code null}, or any value
	 * that Jackson writes as JSON)
	 * @return this push
	 */
	public AwaitedPush withPayloadAt(String jsonPointer, @Nullable Object expected) {
		JsonNode expectedNode = json.valueToTree(expected);
		return narrow("with " + expectedNode + " at " + jsonPointer + " of its payload", (frame) -> {
			JsonNode value = frame.json().get("payload").at(jsonPointer);
			return !value.isMissingNode() && expectedNode.equals(value);
		});
	}

	/**
	 * Wait for the push's payload to satisfy a condition.
	 * @param description what the condition checks, for the failure message
	 * @param condition the condition on the payload
	 * @return this push
	 */
	public AwaitedPush withPayloadMatching(String description, Predicate<JsonNode> condition) {
		return narrow("with a payload that " + description, (frame) -> condition.test(frame.json().get("payload")));
	}

	/**
	 * Return the channel the push arrived on.
	 * @return the subscribed channel named in the frame
	 */
	public String channel() {
		return this.frame.json().get("channel").asString();
	}

	/**
	 * Return the payload of the push.
	 * @return the payload as JSON
	 */
	public JsonNode payload() {
		return this.frame.json().get("payload");
	}

	/**
	 * Return the whole frame of the push.
	 * @return {@code {"channel":...,"payload":...}}
	 */
	public JsonNode frame() {
		return this.frame.json();
	}

	@Override
	public String toString() {
		return this.frame.text();
	}

	private AwaitedPush narrow(String description, Predicate<Frame> condition) {
		this.criteria.add(new Criterion(description, condition));
		// The push taken so far may not hold the new condition: look again from the start.
		this.socket.giveBack(this.frame);
		this.frame = this.socket.take(this::matches, describe(), this.timeout);
		return this;
	}

	private boolean matches(Frame candidate) {
		for (Criterion criterion : this.criteria) {
			if (!criterion.condition().test(candidate)) {
				return false;
			}
		}
		return true;
	}

	private String describe() {
		return this.criteria.stream().map(Criterion::description).collect(Collectors.joining(" "));
	}

	private record Criterion(String description, Predicate<Frame> condition) {
	}

}
