package dev.realtime.boot.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import dev.realtime.boot.RealtimeObserver;
import dev.realtime.boot.RealtimeObserver.SendLimit;

/**
 * One open socket. Frames handed to {@link #send(TextMessage)} are queued and written in order
 * by a sender thread, so the caller never waits for the network: a push loop over many sockets
 * is never held up by a slow one. A socket whose queue grows over the buffer limit, or whose
 * current write takes longer than the time limit, is closed with 1013 (try again later).
 */
public final class RealtimeConnection {

	private static final Log logger = LogFactory.getLog(RealtimeConnection.class);

	/** Close status for a socket closed by the send limits. */
	public static final CloseStatus SLOW_CONSUMER = CloseStatus.SERVICE_OVERLOAD.withReason("slow consumer");

	/** Close status for a socket whose client stopped answering pings. */
	public static final CloseStatus NOT_ANSWERING = CloseStatus.GOING_AWAY.withReason("no answer to pings");

	// The header of a frame from the server of up to 64 KB: bursts hold frames of a few KB at most.
	private static final int FRAME_HEADER_BYTES = 4;

	// Plain volatile fields with updaters rather than atomic objects: these are per socket,
	// and an idle socket should cost as little memory as possible.
	private static final AtomicLongFieldUpdater<RealtimeConnection> QUEUED_BYTES = AtomicLongFieldUpdater
		.newUpdater(RealtimeConnection.class, "queuedBytes");

	private static final AtomicIntegerFieldUpdater<RealtimeConnection> DRAINING = AtomicIntegerFieldUpdater
		.newUpdater(RealtimeConnection.class, "draining");

	private static final AtomicIntegerFieldUpdater<RealtimeConnection> CLOSING = AtomicIntegerFieldUpdater
		.newUpdater(RealtimeConnection.class, "closing");

	private static final AtomicIntegerFieldUpdater<RealtimeConnection> SLOW_CONSUMER_REPORTED = AtomicIntegerFieldUpdater
		.newUpdater(RealtimeConnection.class, "slowConsumerReported");

	private static final AtomicIntegerFieldUpdater<RealtimeConnection> CALLS_IN_FLIGHT = AtomicIntegerFieldUpdater
		.newUpdater(RealtimeConnection.class, "callsInFlight");

	@SuppressWarnings("rawtypes")
	private static final AtomicReferenceFieldUpdater<RealtimeConnection, Set> CLOSE_CALLBACKS = AtomicReferenceFieldUpdater
		.newUpdater(RealtimeConnection.class, Set.class, "closeCallbacks");

	@SuppressWarnings("rawtypes")
	private static final AtomicReferenceFieldUpdater<RealtimeConnection, Queue> QUEUE = AtomicReferenceFieldUpdater
		.newUpdater(RealtimeConnection.class, Queue.class, "queue");

	private final WebSocketSession session;

	private final String connectionId;

	private final String digest;

	private final @Nullable String sessionDigest;

	private final SendLimits limits;

	private final Executor senders;

	private final Executor closers;

	private final RealtimeObserver observer;

	private final SendBatching batching;

	// Made for the first frame that has to wait: a lone frame goes out past the queue, so an
	// idle socket, which only ever gets lone frames, carries none.
	private volatile @Nullable Queue<WebSocketMessage<?>> queue;

	private volatile long queuedBytes;

	private volatile int draining;

	private volatile int closing;

	private volatile int slowConsumerReported;

	// Copied on write: a socket's channels change rarely, and an immutable set of a few names
	// takes a fraction of a concurrent set's memory, which every idle socket would pay.
	private volatile Set<String> channels = Set.of();

	private volatile int callsInFlight;

	private volatile long sendStartedAt;

	private volatile long lastHeardAt = System.nanoTime();

	private volatile boolean forgetOnClose;

	// Set when the HTTP session ended in a call of this socket's own (a logout over the
	// socket): it closes once that call is answered. Its other calls are not waited for: one
	// held by its route (a long poll) would keep the socket of an ended session open.
	private volatile @Nullable EndingCall endingCall;

	// Made for the first callback: most sockets never have a route waiting when they close.
	private volatile @Nullable Set<Runnable> closeCallbacks;

	private volatile boolean closed;

	RealtimeConnection(WebSocketSession session, String connectionId, String digest, @Nullable String sessionDigest,
			SendLimits limits, Executor senders, Executor closers, RealtimeObserver observer, boolean coalesce) {
		this.session = session;
		this.batching = coalesce ? SendBatching.of(session) : SendBatching.NONE;
		this.connectionId = connectionId;
		this.digest = digest;
		this.sessionDigest = sessionDigest;
		this.limits = limits;
		this.senders = senders;
		this.closers = closers;
		this.observer = observer;
	}

	/**
	 * Return the connection id that the client connected with.
	 * @return the connection id
	 */
	public String connectionId() {
		return this.connectionId;
	}

	/**
	 * Return the socket digest; it never leaves the server.
	 * @return the digest
	 */
	public String digest() {
		return this.digest;
	}

	/**
	 * Return the digest that names the HTTP session the socket was opened with, if any.
	 * @return the session's digest, or {@code null} for a non-browser client
	 */
	public @Nullable String sessionDigest() {
		return this.sessionDigest;
	}

	/**
	 * Return what the client sent when it opened the socket.
	 * @return the handshake
	 */
	public Handshake handshake() {
		return new Handshake(this.session.getUri(), this.session.getHandshakeHeaders(), this.session.getPrincipal(),
				this.session.getRemoteAddress(), this.session.getLocalAddress(), this.session.getAttributes());
	}

	/**
	 * Count a message whose reply is pending, unless the socket already has as many as allowed.
	 * @param limit the most messages a socket may have pending at once
	 * @return whether the message was counted; if so, {@link #callEnded()} must follow
	 */
	public boolean tryStartCall(int limit) {
		int current;
		do {
			current = this.callsInFlight;
			if (current >= limit) {
				return false;
			}
		}
		while (!CALLS_IN_FLIGHT.compareAndSet(this, current, current + 1));
		return true;
	}

	/**
	 * Record that a message counted by {@link #tryStartCall(int)} was answered.
	 */
	public void callEnded() {
		CALLS_IN_FLIGHT.decrementAndGet(this);
	}

	/**
	 * Return whether the socket is closing or closed; replies to it are dropped.
	 * @return whether the socket is closing
	 */
	public boolean isClosing() {
		return (this.closing != 0);
	}

	/**
	 * Return the channels this socket is indexed under for local delivery.
	 * @return a snapshot of the channel names
	 */
	public Set<String> channels() {
		return this.channels;
	}

	/**
	 * Record that the broker indexed this socket under a channel.
	 * @param channel the channel name
	 */
	public synchronized void indexedUnder(String channel) {
		if (!this.channels.contains(channel)) {
			Set<String> more = new HashSet<>(this.channels);
			more.add(channel);
			this.channels = Set.copyOf(more);
		}
	}

	/**
	 * Record that the broker indexes this socket under channels.
	 * @param channels the channel names
	 */
	public synchronized void indexedUnder(Set<String> channels) {
		if (this.channels.isEmpty()) {
			// The registry's own immutable set, shared rather than copied, when it is one: a
			// socket usually gets all its channels at once, as it connects.
			this.channels = Set.copyOf(channels);
		}
		else {
			channels.forEach(this::indexedUnder);
		}
	}

	/**
	 * Record that the broker no longer indexes this socket under a channel.
	 * @param channel the channel name
	 */
	public synchronized void unindexedFrom(String channel) {
		if (this.channels.contains(channel)) {
			Set<String> fewer = new HashSet<>(this.channels);
			fewer.remove(channel);
			this.channels = Set.copyOf(fewer);
		}
	}

	/**
	 * Queue a frame; it is written after the frames queued before it.
	 * @param frame the frame
	 */
	public void send(TextMessage frame) {
		enqueue(frame);
	}

	/**
	 * Send the reply to a client's message: written at once on the calling thread when nothing
	 * else is queued for or being written to this socket, queued as {@link #send(TextMessage)}
	 * does otherwise. The thread that ran the action has nothing else to do, and handing the
	 * reply to a sender thread would only add a thread switch to every call; a write that blocks
	 * is bounded by the send time limit as on a sender thread.
	 * @param frame the reply
	 */
	public void reply(TextMessage frame) {
		if (nothingQueued() && this.closing == 0 && DRAINING.compareAndSet(this, 0, 1)) {
			QUEUED_BYTES.addAndGet(this, frame.getPayloadLength());
			drain(frame, false);
		}
		else {
			enqueue(frame);
		}
	}

	/**
	 * Record that a call's answer was sent, with {@link #reply(TextMessage)}: the socket closes
	 * now if that call ended its HTTP session (see
	 * {@link #closeAndForgetOnceAnswered(CloseStatus, Object)}).
	 * @param call the call, as given to {@code closeAndForgetOnceAnswered}
	 */
	public void answered(Object call) {
		EndingCall ending = this.endingCall;
		if (ending != null && ending.call() == call) {
			closeAfterQueued(ending.status());
		}
	}

	private void enqueue(WebSocketMessage<?> frame) {
		if (this.closing != 0) {
			return;
		}
		int size = frame.getPayloadLength();
		long queued = QUEUED_BYTES.addAndGet(this, size);
		if (queued > this.limits.bufferSizeLimit() && queued > size) {
			QUEUED_BYTES.addAndGet(this, -size);
			closeSlowConsumer(SendLimit.BUFFER, "send buffer limit of " + this.limits.bufferSizeLimit() + " bytes exceeded");
			return;
		}
		if (nothingQueued() && DRAINING.compareAndSet(this, 0, 1)) {
			// A lone frame goes to a sender thread in the task itself, past the queue: linking
			// a new node into an idle socket's queue (long promoted to the old generation)
			// costs G1 a card to refine for every socket of a push.
			startDrain(() -> drain(frame, true));
			return;
		}
		queue().offer(frame);
		scheduleDrain();
		checkSendTime();
	}

	/**
	 * Record that the client was heard from: a message or a pong.
	 */
	public void heard() {
		this.lastHeardAt = System.nanoTime();
	}

	/**
	 * Ping the client, or close the socket if the client has not been heard from for the
	 * given time: its network may have dropped without a word, and until the socket is closed
	 * its id cannot be resumed.
	 * @param silenceLimit how long the client may stay silent
	 */
	public void heartbeat(Duration silenceLimit) {
		if (System.nanoTime() - this.lastHeardAt > silenceLimit.toNanos()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing realtime socket " + this.session.getId() + ": no answer to pings for "
						+ silenceLimit.toMillis() + " ms");
			}
			close(NOT_ANSWERING);
		}
		else {
			enqueue(new PingMessage());
		}
	}

	/**
	 * Close the socket if its current write has taken longer than the time limit.
	 */
	public void checkSendTime() {
		long started = this.sendStartedAt;
		if (started != 0 && System.nanoTime() - started > this.limits.timeLimit().toNanos()) {
			closeSlowConsumer(SendLimit.TIME, timeLimitReason());
		}
	}

	/**
	 * Close the socket; frames not yet written are dropped.
	 * @param status the close status
	 */
	public void close(CloseStatus status) {
		startClosing(status);
	}

	// Whether this call started the close: a socket closes once, whatever asks for it.
	private boolean startClosing(CloseStatus status) {
		if (CLOSING.compareAndSet(this, 0, 1)) {
			dropQueued();
			this.closers.execute(() -> closeSession(status));
			return true;
		}
		return false;
	}

	/**
	 * Record that the socket has closed; frames not yet written are dropped.
	 */
	public void closed() {
		this.closing = 1;
		this.closed = true;
		dropQueued();
		Set<Runnable> callbacks = this.closeCallbacks;
		if (callbacks != null) {
			for (Runnable callback : callbacks) {
				runOnce(callbacks, callback);
			}
		}
	}

	/**
	 * Run a callback once the socket has closed, or at once if it has already: for work done on
	 * the socket's behalf that its client can no longer take (an async route called over it).
	 * @param callback the callback, run once, on the thread that learns of the close
	 * @return what removes the callback, for when that work ends first
	 */
	public Runnable onClosed(Runnable callback) {
		Set<Runnable> callbacks = closeCallbacks();
		callbacks.add(callback);
		if (this.closed) {
			runOnce(callbacks, callback);
		}
		return () -> callbacks.remove(callback);
	}

	@SuppressWarnings("unchecked")
	private Set<Runnable> closeCallbacks() {
		Set<Runnable> callbacks = this.closeCallbacks;
		if (callbacks == null) {
			CLOSE_CALLBACKS.compareAndSet(this, null, ConcurrentHashMap.newKeySet());
			callbacks = CLOSE_CALLBACKS.get(this);
		}
		return callbacks;
	}

	// Whichever of closed() and onClosed() removes it runs it.
	private static void runOnce(Set<Runnable> callbacks, Runnable callback) {
		if (callbacks.remove(callback)) {
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Callback on a closed realtime socket failed", ex);
			}
		}
	}

	/**
	 * Close the socket and remove its digest at once, with no resume window: for a socket whose
	 * HTTP session ended.
	 * @param status the close status
	 */
	public void closeAndForget(CloseStatus status) {
		this.forgetOnClose = true;
		if (this.endingCall == null) {
			close(status);
		}
	}

	/**
	 * Close the socket and remove its digest, as {@link #closeAndForget(CloseStatus)} does,
	 * once a call of its own has been answered ({@link #answered(Object)}): for a socket whose
	 * HTTP session ended in that call (a logout over the socket), whose client is owed its
	 * answer. Its other calls still waiting are not waited for. Later calls to
	 * {@code closeAndForget} (the session's end, heard again) leave it to this.
	 * @param status the close status
	 * @param call the call that ended the session, not answered yet
	 */
	public void closeAndForgetOnceAnswered(CloseStatus status, Object call) {
		this.forgetOnClose = true;
		this.endingCall = new EndingCall(call, status);
	}

	// Behind the frames already queued, so that the answers go out first.
	private void closeAfterQueued(CloseStatus status) {
		if (this.closing != 0) {
			return;
		}
		queue().offer(new CloseAfterQueued(status));
		scheduleDrain();
	}

	/**
	 * Return whether the socket's HTTP session ended: its digest is removed at once when it
	 * closes, and its messages are no longer run.
	 * @return whether {@link #closeAndForget(CloseStatus)} or
	 * {@link #closeAndForgetOnceAnswered(CloseStatus, Object)} was called
	 */
	public boolean isForgotten() {
		return this.forgetOnClose;
	}

	@SuppressWarnings("unchecked")
	private Queue<WebSocketMessage<?>> queue() {
		Queue<WebSocketMessage<?>> queue = this.queue;
		if (queue == null) {
			QUEUE.compareAndSet(this, null, new ConcurrentLinkedQueue<WebSocketMessage<?>>());
			queue = QUEUE.get(this);
		}
		return queue;
	}

	private boolean nothingQueued() {
		Queue<WebSocketMessage<?>> queue = this.queue;
		return queue == null || queue.isEmpty();
	}

	private @Nullable WebSocketMessage<?> peekQueued() {
		Queue<WebSocketMessage<?>> queue = this.queue;
		return (queue != null) ? queue.peek() : null;
	}

	private @Nullable WebSocketMessage<?> pollQueued() {
		Queue<WebSocketMessage<?>> queue = this.queue;
		return (queue != null) ? queue.poll() : null;
	}

	private void dropQueued() {
		Queue<WebSocketMessage<?>> queue = this.queue;
		if (queue != null) {
			queue.clear();
		}
	}

	// Whether frames queued for this socket go out in bursts, written together.
	boolean writesInBursts() {
		return this.batching.supported();
	}

	private void closeSlowConsumer(SendLimit limit, String reason) {
		// Reported once, whichever comes first: the watchdog, a send, or the container's own
		// write timeout (which may already have closed the session).
		boolean first = SLOW_CONSUMER_REPORTED.compareAndSet(this, 0, 1);
		if (first) {
			this.observer.closedBySendLimit(limit);
			logger.warn("Closing realtime socket " + this.session.getId() + " (1013): " + reason);
		}
		if (!startClosing(SLOW_CONSUMER) && first) {
			// Already closing for another reason (pings unanswered, its HTTP session ended) while
			// a write to it is held up: closed as a slow consumer all the same, so that a
			// container without a time limit of its own (Jetty) drops it now, not after its idle
			// timeout. A second close is otherwise ignored.
			this.closers.execute(() -> closeSession(SLOW_CONSUMER));
		}
	}

	private void scheduleDrain() {
		if (DRAINING.compareAndSet(this, 0, 1)) {
			startDrain(this::drain);
		}
	}

	// The caller holds the draining flag; a sender pool that was shut down takes no more work.
	private void startDrain(Runnable drain) {
		try {
			this.senders.execute(drain);
		}
		catch (RejectedExecutionException ex) {
			this.draining = 0;
			close(CloseStatus.GOING_AWAY);
		}
	}

	private void drain() {
		drain(null, true);
	}

	// Writes the given frame, if any, and then what is queued unless told to write that frame
	// only (frames queued meanwhile then go to a sender thread); the caller holds the draining
	// flag.
	private void drain(@Nullable WebSocketMessage<?> first, boolean thenQueued) {
		long started = 0;
		try {
			WebSocketMessage<?> frame = first;
			while (this.closing == 0 && (frame != null || (thenQueued && (frame = pollQueued()) != null))) {
				if (frame instanceof CloseAfterQueued closeMark) {
					startClosing(closeMark.status());
					break;
				}
				started = System.nanoTime();
				this.sendStartedAt = started;
				SenderThreads.writing(started);
				try {
					if (thenQueued && this.batching.supported() && frame instanceof TextMessage
							&& fitsInBurst(peekQueued(), FRAME_HEADER_BYTES + frame.getPayloadLength())) {
						sendBurst(frame);
					}
					else {
						sendOne(frame);
					}
				}
				finally {
					this.sendStartedAt = 0;
					SenderThreads.writing(0);
				}
				if (!thenQueued) {
					break;
				}
				frame = null;
			}
		}
		catch (IOException | RuntimeException ex) {
			// The container's own write timeout is set to the send time limit: a write that
			// failed after that long failed because the client stopped reading.
			if (System.nanoTime() - started >= this.limits.timeLimit().toNanos()) {
				closeSlowConsumer(SendLimit.TIME, timeLimitReason());
			}
			else {
				if (logger.isDebugEnabled()) {
					logger.debug("Failed to send to realtime socket " + this.session.getId() + ", closing it", ex);
				}
				close(CloseStatus.SERVER_ERROR);
			}
		}
		finally {
			this.draining = 0;
		}
		// A frame queued after the loop saw an empty queue, but before draining was reset,
		// would otherwise wait for the next send.
		if (!nothingQueued() && this.closing == 0) {
			scheduleDrain();
		}
	}

	private void sendOne(WebSocketMessage<?> frame) throws IOException {
		send(frame, false);
	}

	private void send(WebSocketMessage<?> frame, boolean more) throws IOException {
		try {
			if (!this.batching.write(frame, more)) {
				this.session.sendMessage(frame);
			}
		}
		finally {
			QUEUED_BYTES.addAndGet(this, -frame.getPayloadLength());
		}
	}

	// Frames queued while the socket was being written to go out together, as far as the
	// container's output buffer holds them, so that a burst costs one write, not one per frame;
	// a lone frame is written at once.
	private void sendBurst(WebSocketMessage<?> first) throws IOException {
		this.batching.begin();
		try {
			WebSocketMessage<?> frame = first;
			int bytes = FRAME_HEADER_BYTES + first.getPayloadLength();
			while (frame != null) {
				// The next frame is taken before this one is written: Jetty needs to know
				// whether more follow.
				WebSocketMessage<?> next = (this.closing == 0 && fitsInBurst(peekQueued(), bytes))
						? pollQueued() : null;
				send(frame, next != null);
				if (next != null) {
					bytes += FRAME_HEADER_BYTES + next.getPayloadLength();
				}
				frame = next;
			}
		}
		finally {
			this.batching.end();
		}
	}

	private boolean fitsInBurst(@Nullable WebSocketMessage<?> next, int bytes) {
		return next instanceof TextMessage
				&& bytes + FRAME_HEADER_BYTES + next.getPayloadLength() <= this.batching.capacity();
	}

	private String timeLimitReason() {
		return "send time limit of " + this.limits.timeLimit().toMillis() + " ms exceeded";
	}

	private void closeSession(CloseStatus status) {
		try {
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to close realtime socket " + this.session.getId(), ex);
			}
		}
	}

	@Override
	public String toString() {
		return "RealtimeConnection[" + this.session.getId() + "]";
	}

	private record EndingCall(Object call, CloseStatus status) {

	}

	// Queued behind the last frame that must go out before the socket closes; never written.
	private record CloseAfterQueued(CloseStatus status) implements WebSocketMessage<CloseStatus> {

		@Override
		public CloseStatus getPayload() {
			return this.status;
		}

		@Override
		public int getPayloadLength() {
			return 0;
		}

		@Override
		public boolean isLast() {
			return true;
		}

	}

}
