package dev.realtime.boot.action;

/**
 * The {@code ping} action: answers {@code "pong"}. Built in, so that an application's own
 * {@code ping} action replaces it.
 */
public class PingAction implements BuiltInRealtimeAction {

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
