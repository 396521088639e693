package dev.realtime.boot.action;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.socket.TextMessage;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.connection.RealtimeConnection;

/**
 * Reads the messages that clients send, dispatches each to its {@link RealtimeAction} on the
 * action executor and sends the reply. Every bad message gets an error reply and leaves the
 * socket open. Replies may leave in another order than their messages came; clients match them
 * by {@code id}.
 * <p>
 * As a bean, it resolves the actions once all singletons exist, so that two of the
 * application's actions with one name fail the startup rather than the first message.
 */
public class InboundMessages implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(InboundMessages.class);

	// ", from `StreamReadConstraints.getMaxNestingDepth()`", " (start marker at [Source: ...])"
	// and ": enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow".
	private static final Pattern JACKSON_NOTES = Pattern
		.compile(",? from `[^`]*`| \\(start marker at \\[[^\\]]*\\]\\)|:? enable `[^`]*` to allow");

	private static final String SESSION_ENDED = "the HTTP session of this socket has ended";

	private final Supplier<List<RealtimeAction>> actionsSupplier;

	private final Comparator<Object> order;

	private final JsonMapper jsonMapper;

	private final Executor executor;

	private final int maxInFlight;

	private final RealtimeObserver observer;

	private final ObjectReader exactNumbers;

	private volatile @Nullable Map<String, RealtimeAction> actions;

	/**
	 * Create a dispatcher.
	 * @param actions the actions, resolved once: an application's action replaces a
	 * {@link BuiltInRealtimeAction built-in one} of its name, and of the application's
	 * actions with one name the first in {@link org.springframework.core.annotation.Order}
	 * wins
	 * @param jsonMapper the mapper that reads messages and writes replies
	 * @param executor the executor that runs actions, off the sockets' I/O threads
	 * @param maxInFlight the most messages one socket may have waiting for their replies
	 */
	public InboundMessages(Supplier<List<RealtimeAction>> actions, JsonMapper jsonMapper, Executor executor,
			int maxInFlight) {
		this(actions, jsonMapper, executor, maxInFlight, RealtimeObserver.NONE);
	}

	/**
	 * Create a dispatcher.
	 * @param actions the actions, resolved once: an application's action replaces a
	 * {@link BuiltInRealtimeAction built-in one} of its name, and of the application's
	 * actions with one name the first in {@link org.springframework.core.annotation.Order}
	 * wins
	 * @param jsonMapper the mapper that reads messages and writes replies
	 * @param executor the executor that runs actions, off the sockets' I/O threads
	 * @param maxInFlight the most messages one socket may have waiting for their replies
	 * @param observer told of every reply, with the registered action it answers
	 */
	public InboundMessages(Supplier<List<RealtimeAction>> actions, JsonMapper jsonMapper, Executor executor,
			int maxInFlight, RealtimeObserver observer) {
		this(actions, AnnotationAwareOrderComparator.INSTANCE, jsonMapper, executor, maxInFlight, observer);
	}

	/**
	 * Create a dispatcher.
	 * @param actions the actions, resolved once: an application's action replaces a
	 * {@link BuiltInRealtimeAction built-in one} of its name, and of the application's
	 * actions with one name the first in {@code order} wins
	 * @param order the order of the actions, such as {@link RealtimeActionMethods#order()},
	 * which also reads an {@code @Order} on an action bean's {@code @Bean} method
	 * @param jsonMapper the mapper that reads messages and writes replies
	 * @param executor the executor that runs actions, off the sockets' I/O threads
	 * @param maxInFlight the most messages one socket may have waiting for their replies
	 * @param observer told of every reply, with the registered action it answers
	 */
	public InboundMessages(Supplier<List<RealtimeAction>> actions, Comparator<Object> order, JsonMapper jsonMapper,
			Executor executor, int maxInFlight, RealtimeObserver observer) {
		this.actionsSupplier = actions;
		this.order = order;
		this.jsonMapper = jsonMapper;
		this.executor = executor;
		this.maxInFlight = maxInFlight;
		this.observer = observer;
		this.exactNumbers = jsonMapper.readerFor(JsonNode.class)
			.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.with(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
	}

	/**
	 * Handle a text frame from a client.
	 * @param connection the socket that sent it
	 * @param text the frame's text
	 */
	public void handle(RealtimeConnection connection, String text) {
		JsonNode tree;
		try {
			tree = this.jsonMapper.readTree(text);
		}
		catch (JacksonException ex) {
			sendError(connection, NullNode.getInstance(), 400, "malformed JSON" + describe(ex));
			return;
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// An application's mapper reading fractions as BigDecimal gets these from the JDK for
			// exponents a decimal cannot hold, not Jackson's own exception.
			sendError(connection, NullNode.getInstance(), 400, "malformed JSON: a number out of range");
			return;
		}
		if (!(tree instanceof ObjectNode message)) {
			sendError(connection, NullNode.getInstance(), 400, "message must be a JSON object");
			return;
		}
		JsonNode id = message.get("id");
		if (id == null || !(id.isString() || id.isNumber())) {
			sendError(connection, NullNode.getInstance(), 400, "message needs an \"id\" that is a string or a number");
			return;
		}
		if (id.isFloatingPointNumber() && !id.isBigDecimal()) {
			id = exactId(text, id);
		}
		JsonNode actionName = message.get("action");
		if (actionName == null || !actionName.isString() || actionName.stringValue().isEmpty()) {
			sendError(connection, id, 400, "message needs an \"action\" that is a non-empty string");
			return;
		}
		RealtimeAction action = actions().get(actionName.stringValue());
		if (action == null) {
			sendError(connection, id, 404, "unknown action '" + abbreviate(actionName.stringValue()) + "'");
			return;
		}
		if (!connection.tryStartCall(this.maxInFlight)) {
			sendError(connection, action.name(), id, 429,
					"too many messages in flight: at most " + this.maxInFlight + " may wait for their replies");
			return;
		}
		RealtimeMessage realtimeMessage = new RealtimeMessage(id, actionName.stringValue(), message, connection);
		try {
			this.executor.execute(() -> dispatch(action, realtimeMessage));
		}
		catch (RejectedExecutionException ex) {
			connection.callEnded();
			sendError(connection, action.name(), id, 503, "server busy: try again later");
		}
	}

	// A fractional id read as a double would be echoed as another number (1e400 as the string
	// "Infinity", 1.5e-400 as 0.0): read it again, rarely, as the decimal it was sent as. One
	// whose exponent a BigDecimal cannot hold (1e-2147483649) fails that with a
	// NumberFormatException, not a JacksonException, and keeps the double.
	private JsonNode exactId(String text, JsonNode id) {
		try {
			JsonNode exact = this.exactNumbers.readTree(text).get("id");
			return (exact != null && exact.isNumber()) ? exact : id;
		}
		catch (JacksonException | NumberFormatException | ArithmeticException ex) {
			return id;
		}
	}

	/**
	 * Send an error reply.
	 * @param connection the socket to answer
	 * @param id the message id, or a null node
	 * @param status the status
	 * @param error what was wrong
	 */
	public void sendError(RealtimeConnection connection, JsonNode id, int status, String error) {
		sendError(connection, null, id, status, error);
	}

	private void sendError(RealtimeConnection connection, @Nullable String action, JsonNode id, int status,
			String error) {
		ObjectNode reply = this.jsonMapper.createObjectNode();
		reply.set("id", id);
		reply.put("status", status);
		reply.put("error", error);
		send(connection, action, status, reply);
	}

	private void send(RealtimeConnection connection, @Nullable String action, int status, ObjectNode reply) {
		this.observer.inbound(action, status);
		connection.reply(new TextMessage(this.jsonMapper.writeValueAsBytes(reply)));
	}

	private void dispatch(RealtimeAction action, RealtimeMessage message) {
		RealtimeConnection connection = message.connection();
		if (connection.isForgotten()) {
			// Its HTTP session ended (a logout over it whose answer is still to go out, or one
			// elsewhere): the action would act for the socket without the session it was opened
			// with, as nobody. Its answer goes out before the close, if it is not already queued.
			connection.callEnded();
			sendError(connection, message.action(), message.id(), 401, SESSION_ENDED);
			return;
		}
		@Nullable CompletionStage<RealtimeReply> reply;
		try {
			reply = action.handleAsync(message);
		}
		catch (Throwable ex) {
			// An Error too: the message still gets its reply, and its place in flight back.
			answer(message, null, ex);
			return;
		}
		if (reply == null) {
			// Against the contract, but the message still needs its answer and its place back.
			answer(message, null, null);
			return;
		}
		reply.whenComplete((result, failure) -> answer(message, result, failure));
	}

	private void answer(RealtimeMessage message, @Nullable RealtimeReply reply, @Nullable Throwable failure) {
		RealtimeConnection connection = message.connection();
		// Its place in flight is free before the reply leaves: a client that sends its next
		// messages as soon as it reads the reply must not find the place still taken (429).
		connection.callEnded();
		if (failure != null) {
			sendFailure(message, failure);
		}
		else if (reply != null) {
			sendReply(message, reply);
		}
		else {
			sendError(connection, message.action(), message.id(), 500,
					"action '" + message.action() + "' gave no reply");
		}
		connection.answered(message);
	}

	private void sendFailure(RealtimeMessage message, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof RealtimeActionException ex && ex.getStatus() >= 400 && ex.getStatus() <= 599) {
			sendError(message.connection(), message.action(), message.id(), ex.getStatus(),
					String.valueOf(ex.getMessage()));
			return;
		}
		// Any other failure, and an error status that is none (an error reply is 4xx or 5xx).
		logger.error("Realtime action '" + message.action() + "' failed", cause);
		sendError(message.connection(), message.action(), message.id(), 500,
				"action '" + message.action() + "' failed");
	}

	private void sendReply(RealtimeMessage message, RealtimeReply reply) {
		byte[] frame;
		try {
			frame = this.jsonMapper.writeValueAsBytes(new ReplyFrame(message.id(), reply));
		}
		catch (RuntimeException ex) {
			// A header with a null name, say: the message still gets its answer.
			sendFailure(message, ex);
			return;
		}
		this.observer.inbound(message.action(), reply.status());
		message.connection().reply(new TextMessage(frame));
	}

	/**
	 * Resolve the actions now rather than on the first message.
	 * @throws IllegalStateException if two of the application's actions share a name and an
	 * order
	 */
	@Override
	public void afterSingletonsInstantiated() {
		actions();
	}

	private Map<String, RealtimeAction> actions() {
		Map<String, RealtimeAction> actions = this.actions;
		return (actions != null) ? actions : resolveActions();
	}

	// Once, under a lock: a dispatcher that was not resolved at startup (not a bean) would
	// otherwise have every I/O thread of a burst of first messages scan every bean at once.
	private synchronized Map<String, RealtimeAction> resolveActions() {
		Map<String, RealtimeAction> actions = this.actions;
		if (actions == null) {
			List<RealtimeAction> ordered = new ArrayList<>(this.actionsSupplier.get());
			ordered.sort(this.order);
			Map<String, List<RealtimeAction>> byName = new LinkedHashMap<>();
			for (RealtimeAction action : ordered) {
				byName.computeIfAbsent(action.name(), (name) -> new ArrayList<>()).add(action);
			}
			Map<String, RealtimeAction> chosen = new LinkedHashMap<>();
			byName.forEach((name, named) -> chosen.put(name, choose(name, named)));
			actions = Map.copyOf(chosen);
			this.actions = actions;
		}
		return actions;
	}

	// A built-in action is there to be replaced; two of the application's with one name and
	// no order between them are a mistake that would otherwise leave one of them silently
	// unused, whichever the bean factory happened to list first.
	private RealtimeAction choose(String name, List<RealtimeAction> named) {
		List<RealtimeAction> applications = named.stream()
			.filter((action) -> !(action instanceof BuiltInRealtimeAction))
			.toList();
		if (applications.isEmpty()) {
			return named.get(0);
		}
		RealtimeAction first = applications.get(0);
		if (applications.size() > 1 && this.order.compare(first, applications.get(1)) == 0) {
			throw new IllegalStateException("Realtime action '" + name + "' has two handlers of the same order: "
					+ describeHandler(first) + " and " + describeHandler(applications.get(1))
					+ ". Give one of them another action name, or give the one that should answer precedence with"
					+ " @Order");
		}
		return first;
	}

	private static String describeHandler(RealtimeAction action) {
		return (action instanceof MethodRealtimeAction) ? action.toString()
				: "the RealtimeAction bean of type " + action.getClass().getName();
	}

	// What was wrong, in the parser's words about the client's text, without what Jackson adds
	// about itself: its class, feature and limit names, and a redacted source.
	private static String describe(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (message == null) {
			return "";
		}
		if (ex instanceof DatabindException) {
			// Reading a tree: text after a whole value, or, with the application's JsonMapper set
			// to refuse them (FAIL_ON_READING_DUP_TREE_KEY), a property given twice.
			if (message.startsWith("Trailing token")) {
				return ": more than one JSON value";
			}
			if (message.startsWith("Duplicate property")) {
				return ": a property given more than once";
			}
			return "";
		}
		message = JACKSON_NOTES.matcher(message).replaceAll("");
		return (message.isBlank() || message.indexOf('`') >= 0) ? "" : ": " + message;
	}

	private static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 64) + "...";
	}

	// A reply written straight to the mapper's generator: every call gets one, and building a
	// tree of it first cost as much again. Same fields, in the same order, as a tree would have.
	private static final class ReplyFrame extends JacksonSerializable.Base {

		private final JsonNode id;

		private final RealtimeReply reply;

		ReplyFrame(JsonNode id, RealtimeReply reply) {
			this.id = id;
			this.reply = reply;
		}

		@Override
		public void serialize(JsonGenerator generator, SerializationContext context) {
			generator.writeStartObject();
			generator.writeName("id");
			generator.writeTree(this.id);
			generator.writeNumberProperty("status", this.reply.status());
			generator.writeName("headers");
			generator.writeStartObject();
			for (Map.Entry<String, String> header : this.reply.headers().entrySet()) {
				generator.writeStringProperty(header.getKey(), header.getValue());
			}
			generator.writeEndObject();
			generator.writeStringProperty("body", this.reply.body());
			generator.writeEndObject();
		}

		@Override
		public void serializeWithType(JsonGenerator generator, SerializationContext context,
				TypeSerializer typeSerializer) {
			serialize(generator, context);
		}

	}

}
