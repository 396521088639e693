package dev.realtime.boot.action;

/**
 * Answers the messages that clients send with a given {@code action} name. Define one as a bean
 * to add an action; a bean with the name of a built-in action ({@code ping}) replaces it. When
 * several beans share a name, the first in {@link org.springframework.core.annotation.Order}
 * wins.
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

}
