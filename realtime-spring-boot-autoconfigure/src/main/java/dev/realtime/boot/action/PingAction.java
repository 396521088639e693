package dev.realtime.boot.action;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@code ping} action: answers {@code "pong"}. Ordered last, so that an application's own
 * {@code ping} action wins.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
public class PingAction implements RealtimeAction {

	/** Name of this action. */
	public static final String NAME = "ping";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public RealtimeReply handle(RealtimeMessage message) {
		return RealtimeReply.ok("pong");
	}

}
