package dev.realtime.boot.action;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers the messages that clients send with a given {@code action} name. Define one as a bean
 * to add an action, or annotate a bean's method with {@link RealtimeActionMapping}; an action
 * with the name of a built-in one ({@code ping}, {@code call-route}) replaces it. Two of the
 * application's actions with one name fail the startup unless
 * {@link org.springframework.core.annotation.Order @Order} tells them apart: then the first in
 * that order answers.
 * <p>
 * Actions run on the realtime action executor, never on the socket's I/O thread, so a slow one
 * delays neither pushes nor other messages to the same socket.
 */
public interface RealtimeAction {

	/**
	 * Return the action name that this handler answers.
	 * @return the name, as sent in the message's {@code action} field
	 */
	String name();

	/**
	 * Answer a message.
	 * @param message the message
	 * @return the reply, sent with the message's {@code id}
	 * @throws RealtimeActionException to send an error reply with a status
	 * @throws Exception on any other failure, answered with a 500 error reply
	 */
	RealtimeReply handle(RealtimeMessage message) throws Exception;

	/**
	 * Answer a message, possibly later: for actions that wait on something without holding a
	 * thread. Completing exceptionally with a {@link RealtimeActionException} sends an error
	 * reply with its status.
	 * @param message the message
	 * @return the reply, to be completed
	 * @throws Exception on a failure, as for {@link #handle(RealtimeMessage)}
	 */
	default CompletionStage<RealtimeReply> handleAsync(RealtimeMessage message) throws Exception {
		return CompletableFuture.completedFuture(handle(message));
	}

}
