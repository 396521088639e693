package dev.realtime.boot.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.TextMessage;

import dev.realtime.boot.connection.RealtimeConnection;

/**
 * Reads the messages that clients send, dispatches each to its {@link RealtimeAction} and sends
 * the reply. Every bad message gets an error reply and leaves the socket open.
 */
public class InboundMessages {

	private static final Log logger = LogFactory.getLog(InboundMessages.class);

	private final Map<String, RealtimeAction> actions;

	private final JsonMapper jsonMapper;

	/**
	 * Create a dispatcher.
	 * @param actions the actions, in order; the first of each name wins
	 * @param jsonMapper the mapper that reads messages and writes replies
	 */
	public InboundMessages(List<RealtimeAction> actions, JsonMapper jsonMapper) {
		Map<String, RealtimeAction> byName = new LinkedHashMap<>();
		for (RealtimeAction action : actions) {
			byName.putIfAbsent(action.name(), action);
		}
		this.actions = Map.copyOf(byName);
		this.jsonMapper = jsonMapper;
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
			sendError(connection, NullNode.getInstance(), 400, "malformed JSON: " + ex.getOriginalMessage());
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
		JsonNode actionName = message.get("action");
		if (actionName == null || !actionName.isString() || actionName.stringValue().isEmpty()) {
			sendError(connection, id, 400, "message needs an \"action\" that is a non-empty string");
			return;
		}
		RealtimeAction action = this.actions.get(actionName.stringValue());
		if (action == null) {
			sendError(connection, id, 404, "unknown action '" + abbreviate(actionName.stringValue()) + "'");
			return;
		}
		dispatch(action, new RealtimeMessage(id, actionName.stringValue(), message, connection));
	}

	/**
	 * Send an error reply.
	 * @param connection the socket to answer
	 * @param id the message id, or a null node
	 * @param status the status
	 * @param error what was wrong
	 */
	public void sendError(RealtimeConnection connection, JsonNode id, int status, String error) {
		ObjectNode reply = this.jsonMapper.createObjectNode();
		reply.set("id", id);
		reply.put("status", status);
		reply.put("error", error);
		connection.send(new TextMessage(this.jsonMapper.writeValueAsString(reply)));
	}

	private void dispatch(RealtimeAction action, RealtimeMessage message) {
		RealtimeReply reply;
		try {
			reply = action.handle(message);
		}
		catch (RealtimeActionException ex) {
			sendError(message.connection(), message.id(), ex.getStatus(), String.valueOf(ex.getMessage()));
			return;
		}
		catch (Exception ex) {
			logger.error("Realtime action '" + message.action() + "' failed", ex);
			sendError(message.connection(), message.id(), 500, "action '" + message.action() + "' failed");
			return;
		}
		ObjectNode frame = this.jsonMapper.createObjectNode();
		frame.set("id", message.id());
		frame.put("status", reply.status());
		ObjectNode headers = frame.putObject("headers");
		reply.headers().forEach(headers::put);
		frame.put("body", reply.body());
		message.connection().send(new TextMessage(this.jsonMapper.writeValueAsString(frame)));
	}

	private static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 64) + "...";
	}

}
