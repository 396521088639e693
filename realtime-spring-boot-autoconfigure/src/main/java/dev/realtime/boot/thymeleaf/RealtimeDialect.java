package dev.realtime.boot.thymeleaf;

import java.util.Set;

import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.standard.StandardDialect;

import dev.realtime.boot.RealtimeSocket;

/**
 * Thymeleaf dialect that writes {@code data-socket-connection-id} onto the {@code <body>} of
 * every HTML page rendered in an HTTP request, with no change to templates. The id is the one
 * that {@link dev.realtime.boot.RealtimeSocket} stands for in that request.
 */
public class RealtimeDialect extends AbstractProcessorDialect {

	/** Name of the attribute written onto {@code <body>}. */
	public static final String ATTRIBUTE_NAME = "data-socket-connection-id";

	private final RealtimeSocket socket;

	/**
	 * Create the dialect.
	 * @param socket the request-bound socket
	 */
	public RealtimeDialect(RealtimeSocket socket) {
		super("Realtime", "realtime", StandardDialect.PROCESSOR_PRECEDENCE);
		this.socket = socket;
	}

	@Override
	public Set<IProcessor> getProcessors(String dialectPrefix) {
		return Set.of(new BodyConnectionIdProcessor(dialectPrefix, this.socket));
	}

}
