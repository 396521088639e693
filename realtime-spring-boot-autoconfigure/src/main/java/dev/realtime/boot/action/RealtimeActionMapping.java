package dev.realtime.boot.action;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a realtime action. The method may take the
 * {@link RealtimeMessage}, or nothing; it may return a {@link RealtimeReply}, a
 * {@link String} (the body of a 200 reply), nothing (a 200 reply with an empty body), or any
 * other value (written as JSON, the body of a 200 reply); or a
 * {@link java.util.concurrent.CompletionStage} of any of these (an {@code @Async} method's
 * {@code CompletableFuture}), answered once it completes. A method declared to return a
 * {@link java.util.concurrent.Future} that is no {@code CompletionStage} fails the startup: it
 * could only be answered by holding an action thread on its {@code get()}. A
 * {@link RealtimeActionException} it throws, or its stage fails with, becomes an error reply
 * with its status.
 * {@link org.springframework.core.annotation.Order @Order} on the method decides between
 * handlers of the same name; two with one name and the same order (none, say) fail the
 * startup, naming both.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RealtimeActionMapping {

	/**
	 * Action name, as sent in the message's {@code action} field.
	 * @return the action name
	 */
	String value();

}
