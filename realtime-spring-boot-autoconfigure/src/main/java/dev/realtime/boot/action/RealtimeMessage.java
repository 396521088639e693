package dev.realtime.boot.action;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.realtime.boot.connection.RealtimeConnection;

/**
 * A message received from a client: {@code {"id":<string|number>,"action":"<name>", ...}}.
 *
 * @param id the message id, a string or number node, echoed in the reply
 * @param action the action name
 * @param fields the whole message, for the action's own fields
 * @param connection the socket that sent it
 */
public record RealtimeMessage(JsonNode id, String action, ObjectNode fields, RealtimeConnection connection) {
}
