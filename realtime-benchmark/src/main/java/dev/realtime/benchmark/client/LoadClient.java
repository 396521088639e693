package dev.realtime.benchmark.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.realtime.benchmark.server.Tick;

/**
 * A non-blocking WebSocket (and HTTP/1.1 keep-alive) load client: a few selector threads, each
 * driving thousands of sockets, so that the client is not what limits the figures. It speaks
 * just enough of RFC 6455, of this starter's frames and of STOMP 1.2 to subscribe, receive
 * pushes and call routes. For every push received it records receive time minus the send
 * stamp carried in the payload ({@code "t"}, microseconds since the epoch).
 */
public final class LoadClient implements AutoCloseable {

	/** Receives the replies to calls. */
	@FunctionalInterface
	public interface Replies {

		/**
		 * A reply arrived.
		 * @param id the id of the call (this starter), or 0 (HTTP)
		 * @param status the reply's status, or -1 if it has none
		 */
		void reply(int id, int status);

	}

	/** The protocol spoken over a socket. */
	public enum Protocol {

		/** This starter: pushes are {@code {"channel":...,"payload":{...}}}. */
		OURS,

		/** STOMP 1.2 over WebSocket. */
		STOMP,

		/** A bare broadcast handler: pushes are the payload itself; any message is answered {@code {"id":0}}. */
		BARE,

		/** Plain HTTP/1.1 keep-alive, no upgrade. */
		HTTP

	}

	private static final byte[] T_FIELD = "\"t\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SEQ_FIELD = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] STATUS_FIELD = "\"status\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final boolean DEBUG = Boolean.getBoolean("bench.debug");

	// Sockets of this starter and bare ones that never send anything, as a page's socket that
	// only listens: "established" is then the upgrade (for the analysis in docs/benchmarks.md).
	private static final boolean SILENT = Boolean.getBoolean("bench.silent");

	private static final byte[] MASK = { 0x12, 0x34, 0x56, 0x78 };

	private final Loop[] loops;

	private final InetSocketAddress server;

	private final int localAddresses;

	private int next;

	/**
	 * Create a client with its selector threads.
	 * @param server the server's address
	 * @param threads how many selector threads
	 * @param localAddresses over how many loopback source addresses (127.0.0.1..n) to spread
	 * sockets, for more ephemeral ports
	 */
	public LoadClient(InetSocketAddress server, int threads, int localAddresses) {
		this.server = server;
		this.localAddresses = localAddresses;
		this.loops = new Loop[threads];
		for (int i = 0; i < threads; i++) {
			this.loops[i] = new Loop(i);
			this.loops[i].start();
		}
	}

	/**
	 * Open a socket: upgrade (unless HTTP), then, for STOMP, CONNECT and SUBSCRIBE to the topics
	 * with a receipt; for this starter, a ping answered. {@link Conn#ready} completes then.
	 * @param protocol the protocol
	 * @param path the upgrade request's path and query
	 * @param topics STOMP destinations to subscribe to
	 * @return the connection
	 */
	public Conn open(Protocol protocol, String path, List<String> topics) {
		return open(protocol, path, "", topics);
	}

	/**
	 * Open a socket whose upgrade request carries extra header lines.
	 * @param headers header lines, each ending with CRLF, or empty
	 */
	public Conn open(Protocol protocol, String path, String headers, List<String> topics) {
		Loop loop = this.loops[this.next % this.loops.length];
		int local = this.next % this.localAddresses;
		this.next++;
		Conn conn = new Conn(loop, protocol, path, headers, topics);
		loop.execute(() -> conn.connect(new InetSocketAddress("127.0.0." + (1 + local), 0)));
		return conn;
	}

	/**
	 * Start or stop recording latencies; clears what was recorded. While recording, a socket's
	 * push counts as delivered once per sequence number, and only if it was stamped after the
	 * recording started: a duplicate, or a push of an earlier run arriving late, would otherwise
	 * make up for a push lost in this one. They are counted apart ({@link #duplicates()},
	 * {@link #stale()}).
	 */
	public void record(boolean on) {
		long start = Tick.nowMicros();
		for (Loop loop : this.loops) {
			loop.execute(() -> {
				loop.latencies = new IntList();
				loop.recording = on;
				loop.epoch++;
				loop.recordingSinceMicros = start;
			});
		}
		sync();
	}

	/** Return how many pushes a socket received again, with a sequence number it already had, while recording. */
	public long duplicates() {
		long total = 0;
		for (Loop loop : this.loops) {
			total += loop.duplicates;
		}
		return total;
	}

	/** Return how many pushes arrived while recording with a stamp from before it started. */
	public long stale() {
		long total = 0;
		for (Loop loop : this.loops) {
			total += loop.stale;
		}
		return total;
	}

	/** Run a no-op on every loop and wait: everything asked before has happened. */
	public void sync() {
		CompletableFuture<?>[] all = new CompletableFuture<?>[this.loops.length];
		for (int i = 0; i < this.loops.length; i++) {
			CompletableFuture<Void> done = new CompletableFuture<>();
			all[i] = done;
			this.loops[i].execute(() -> done.complete(null));
		}
		CompletableFuture.allOf(all).join();
	}

	/** Return the pushes received so far on all sockets. */
	public long deliveries() {
		long total = 0;
		for (Loop loop : this.loops) {
			total += loop.deliveries;
		}
		return total;
	}

	/**
	 * Return how many pushes so far carried a send stamp later than their receipt: a clock
	 * stepped back, or stamps misread. Their latency is recorded as 0.
	 */
	public long stampsFromTheFuture() {
		long total = 0;
		for (Loop loop : this.loops) {
			total += loop.stampsFromTheFuture;
		}
		return total;
	}

	/** Return the latencies recorded since {@link #record(boolean)}, in microseconds, sorted. */
	public int[] latencies() {
		sync();
		IntList all = new IntList();
		for (Loop loop : this.loops) {
			CompletableFuture<int[]> copy = new CompletableFuture<>();
			loop.execute(() -> copy.complete(loop.latencies.toArray()));
			all.addAll(copy.join());
		}
		int[] result = all.toArray();
		Arrays.sort(result);
		return result;
	}

	@Override
	public void close() {
		for (Loop loop : this.loops) {
			loop.running = false;
			loop.selector.wakeup();
		}
		for (Loop loop : this.loops) {
			try {
				loop.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** One socket. Its methods may be called from any thread; the work runs on its loop. */
	public final class Conn {

		/** Completes when the HTTP upgrade was answered with 101 (or, for HTTP, when connected). */
		public final CompletableFuture<Void> upgraded = new CompletableFuture<>();

		/** Completes when the socket is subscribed and receives pushes. */
		public final CompletableFuture<Void> ready = new CompletableFuture<>();

		/** Completes when the server closed the socket (a close frame or the end of the stream). */
		public final CompletableFuture<String> closed = new CompletableFuture<>();

		private final Loop loop;

		private final Protocol protocol;

		private final String path;

		private final String headers;

		private final List<String> topics;

		private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();

		private SocketChannel channel;

		private SelectionKey key;

		private boolean open;

		private byte[] pending;

		private boolean stalled;

		private volatile boolean counted = true;

		private volatile int received;

		// The sequence numbers received in the loop's recording epoch seenEpoch.
		private final BitSet seen = new BitSet();

		private int seenEpoch;

		private volatile Replies replies = (id, status) -> {
		};

		private Conn(Loop loop, Protocol protocol, String path, String headers, List<String> topics) {
			this.loop = loop;
			this.protocol = protocol;
			this.path = path;
			this.headers = headers;
			this.topics = topics;
		}

		/** Return how many pushes this socket received. */
		public int received() {
			return this.received;
		}

		/** Send a text frame (or, over HTTP, raw bytes). */
		public void sendText(String text) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			this.loop.execute(() -> write((this.protocol == Protocol.HTTP) ? ByteBuffer.wrap(bytes) : encode(1, bytes)));
		}

		/** Receive the ids and statuses of replies (this starter) or a 0 and the status per HTTP response. */
		public void onReply(Replies replies) {
			this.replies = replies;
		}

		/** Stop reading from the socket, as a client that hangs would. */
		/** Leave this socket's pushes out of the deliveries and latencies of the run. */
		public void uncounted() {
			this.counted = false;
		}

		public void stall() {
			this.loop.execute(() -> {
				this.stalled = true;
				if (this.key != null && this.key.isValid()) {
					this.key.interestOps(this.key.interestOps() & ~SelectionKey.OP_READ);
				}
			});
		}

		/** Read again, so that a close by the server is seen. */
		public void resume() {
			this.loop.execute(() -> {
				this.stalled = false;
				if (this.key != null && this.key.isValid()) {
					this.key.interestOps(this.key.interestOps() | SelectionKey.OP_READ);
				}
			});
		}

		/** Close the socket. */
		public void close() {
			this.loop.execute(this::closeNow);
		}

		private void connect(InetSocketAddress local) {
			try {
				this.channel = SocketChannel.open();
				this.channel.configureBlocking(false);
				this.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				this.channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				if (this.path.contains("stall=small")) {
					this.channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
				}
				this.channel.bind(local);
				this.key = this.channel.register(this.loop.selector, SelectionKey.OP_CONNECT, this);
				if (this.channel.connect(LoadClient.this.server)) {
					connected();
				}
			}
			catch (IOException ex) {
				fail(ex);
			}
		}

		private void connected() throws IOException {
			this.key.interestOps(SelectionKey.OP_READ);
			if (this.protocol == Protocol.HTTP) {
				this.open = true;
				this.upgraded.complete(null);
				this.ready.complete(null);
				return;
			}
			String host = LoadClient.this.server.getHostString() + ":" + LoadClient.this.server.getPort();
			String request = "GET " + this.path + " HTTP/1.1\r\nHost: " + host
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\n" + this.headers
					+ ((this.protocol == Protocol.STOMP) ? "Sec-WebSocket-Protocol: v12.stomp\r\n" : "") + "\r\n";
			write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
		}

		private void upgradedNow() {
			this.open = true;
			this.upgraded.complete(null);
			if (this.protocol == Protocol.STOMP) {
				write(encode(1, "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0"
					.getBytes(StandardCharsets.UTF_8)));
			}
			else if (SILENT) {
				this.ready.complete(null);
			}
			else {
				write(encode(1, "{\"id\":0,\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
			}
		}

		private void readable() throws IOException {
			ByteBuffer buffer = this.loop.buffer;
			buffer.clear();
			if (this.pending != null) {
				buffer.put(this.pending);
				this.pending = null;
			}
			int read = this.channel.read(buffer);
			if (read < 0) {
				this.closed.complete("end of stream");
				closeNow();
				return;
			}
			buffer.flip();
			byte[] bytes = buffer.array();
			int position = 0;
			int limit = buffer.limit();
			if (!this.open && this.protocol != Protocol.HTTP) {
				int end = indexOf(bytes, 0, limit, HEADER_END);
				if (end < 0) {
					this.pending = Arrays.copyOf(bytes, limit);
					return;
				}
				String status = new String(bytes, 0, Math.min(end, 12), StandardCharsets.US_ASCII);
				if (!status.startsWith("HTTP/1.1 101")) {
					fail(new IOException("Upgrade refused: " + new String(bytes, 0, end, StandardCharsets.US_ASCII)));
					return;
				}
				position = end + 4;
				upgradedNow();
			}
			if (this.protocol == Protocol.HTTP) {
				position = httpResponses(bytes, position, limit);
			}
			else {
				position = frames(bytes, position, limit);
			}
			if (position < limit) {
				this.pending = Arrays.copyOfRange(bytes, position, limit);
			}
		}

		private int frames(byte[] bytes, int position, int limit) {
			while (limit - position >= 2) {
				int opcode = bytes[position] & 0x0F;
				int length = bytes[position + 1] & 0x7F;
				int header = 2;
				if (length == 126) {
					if (limit - position < 4) {
						break;
					}
					length = ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
					header = 4;
				}
				else if (length == 127) {
					if (limit - position < 10) {
						break;
					}
					long big = 0;
					for (int i = 2; i < 10; i++) {
						big = (big << 8) | (bytes[position + i] & 0xFF);
					}
					length = Math.toIntExact(big);
					header = 10;
				}
				if (limit - position < header + length) {
					break;
				}
				frame(opcode, bytes, position + header, length);
				position += header + length;
			}
			return position;
		}

		private void frame(int opcode, byte[] bytes, int offset, int length) {
			switch (opcode) {
				case 1 -> text(bytes, offset, length);
				case 8 -> {
					int code = (length >= 2) ? ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF) : 1005;
					this.closed.complete("close " + code + ((length > 2)
							? " " + new String(bytes, offset + 2, length - 2, StandardCharsets.UTF_8) : ""));
					closeNow();
				}
				case 9 -> write(encode(10, Arrays.copyOfRange(bytes, offset, offset + length)));
				default -> {
				}
			}
		}

		private void text(byte[] bytes, int offset, int length) {
			if (DEBUG) {
				System.out.println("<< " + new String(bytes, offset, Math.min(length, 300), StandardCharsets.UTF_8));
			}
			if (this.protocol == Protocol.OURS || this.protocol == Protocol.BARE) {
				if (length > 3 && (bytes[offset + 2] == 'c' || bytes[offset + 2] == 't')) {
					delivered(bytes, offset, length);
				}
				else if (length > 6 && bytes[offset + 2] == 'i') {
					int id = 0;
					for (int i = offset + 6; i < offset + length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
						id = id * 10 + (bytes[i] - '0');
					}
					if (id == 0) {
						this.ready.complete(null);
					}
					else {
						this.replies.reply(id, replyStatus(bytes, offset, length));
					}
				}
			}
			else {
				switch (bytes[offset]) {
					case 'M' -> delivered(bytes, offset, length);
					case 'C' -> {
						StringBuilder subscribe = new StringBuilder();
						for (int i = 0; i < this.topics.size(); i++) {
							subscribe.setLength(0);
							subscribe.append("SUBSCRIBE\nid:").append(i).append("\ndestination:").append(this.topics.get(i));
							subscribe.append("\n\n\0");
							write(encode(1, subscribe.toString().getBytes(StandardCharsets.UTF_8)));
						}
						// Spring's SimpleBroker sends no RECEIPT: the runner proves subscriptions
						// with a first push.
						this.ready.complete(null);
					}
					case 'R' -> {
					}
					case 'E' -> fail(new IOException(new String(bytes, offset, length, StandardCharsets.UTF_8)));
					default -> {
					}
				}
			}
		}

		private void delivered(byte[] bytes, int offset, int length) {
			long now = Tick.nowMicros();
			int end = offset + length;
			int at = indexOf(bytes, offset, end, T_FIELD);
			if (at < 0) {
				return;
			}
			long stamp = number(bytes, at + T_FIELD.length, end);
			this.received++;
			if (!this.counted) {
				return;
			}
			Loop loop = this.loop;
			if (loop.recording) {
				if (stamp < loop.recordingSinceMicros) {
					loop.stale++;
					return;
				}
				int seqAt = indexOf(bytes, at, end, SEQ_FIELD);
				if (seqAt >= 0) {
					int seq = (int) number(bytes, seqAt + SEQ_FIELD.length, end);
					if (this.seenEpoch != loop.epoch) {
						this.seen.clear();
						this.seenEpoch = loop.epoch;
					}
					if (this.seen.get(seq)) {
						loop.duplicates++;
						return;
					}
					this.seen.set(seq);
				}
			}
			loop.delivered(now - stamp);
		}

		private int httpResponses(byte[] bytes, int position, int limit) {
			while (true) {
				int end = indexOf(bytes, position, limit, HEADER_END);
				if (end < 0) {
					return position;
				}
				String headers = new String(bytes, position, end - position, StandardCharsets.US_ASCII);
				if (DEBUG) {
					System.out.println("<< " + headers);
				}
				int contentLength = 0;
				int at = headers.toLowerCase().indexOf("content-length:");
				if (at >= 0) {
					int eol = headers.indexOf('\r', at);
					contentLength = Integer.parseInt(headers.substring(at + 15, (eol < 0) ? headers.length() : eol).trim());
				}
				if (limit - (end + 4) < contentLength) {
					return position;
				}
				position = end + 4 + contentLength;
				this.replies.reply(0, httpStatus(headers));
			}
		}

		private void writable() throws IOException {
			while (!this.out.isEmpty()) {
				ByteBuffer head = this.out.peek();
				this.channel.write(head);
				if (head.hasRemaining()) {
					return;
				}
				this.out.poll();
			}
			this.key.interestOps(this.stalled ? 0 : SelectionKey.OP_READ);
		}

		private void write(ByteBuffer buffer) {
			if (this.channel == null || !this.channel.isOpen()) {
				return;
			}
			try {
				if (this.out.isEmpty()) {
					this.channel.write(buffer);
				}
				if (buffer.hasRemaining()) {
					this.out.add(buffer);
					this.key.interestOps(this.key.interestOps() | SelectionKey.OP_WRITE);
				}
			}
			catch (IOException ex) {
				fail(ex);
			}
		}

		private void fail(Throwable ex) {
			this.upgraded.completeExceptionally(ex);
			this.ready.completeExceptionally(ex);
			this.closed.complete("failed: " + ex.getMessage());
			closeNow();
		}

		private void closeNow() {
			try {
				if (this.channel != null) {
					this.channel.close();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private static ByteBuffer encode(int opcode, byte[] payload) {
		int length = payload.length;
		int header = (length < 126) ? 2 : (length < 65536) ? 4 : 10;
		ByteBuffer buffer = ByteBuffer.allocate(header + 4 + length);
		buffer.put((byte) (0x80 | opcode));
		if (length < 126) {
			buffer.put((byte) (0x80 | length));
		}
		else if (length < 65536) {
			buffer.put((byte) (0x80 | 126)).putShort((short) length);
		}
		else {
			buffer.put((byte) (0x80 | 127)).putLong(length);
		}
		buffer.put(MASK);
		for (int i = 0; i < length; i++) {
			buffer.put((byte) (payload[i] ^ MASK[i & 3]));
		}
		return buffer.flip();
	}

	/** The {@code "status"} of a reply of this starter, or -1 if it has none. */
	static int replyStatus(byte[] bytes, int offset, int length) {
		int at = indexOf(bytes, offset, offset + length, STATUS_FIELD);
		if (at < 0) {
			return -1;
		}
		int status = -1;
		for (int i = at + STATUS_FIELD.length; i < offset + length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
			status = Math.max(0, status) * 10 + (bytes[i] - '0');
		}
		return status;
	}

	/** The status of an HTTP response's head ({@code HTTP/1.1 200 ...}), or -1. */
	static int httpStatus(String head) {
		if (!head.startsWith("HTTP/1.") || head.length() < 12) {
			return -1;
		}
		try {
			return Integer.parseInt(head.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static long number(byte[] bytes, int from, int to) {
		long value = 0;
		for (int i = from; i < to && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
			value = value * 10 + (bytes[i] - '0');
		}
		return value;
	}

	private static int indexOf(byte[] bytes, int from, int to, byte[] target) {
		outer: for (int i = from; i <= to - target.length; i++) {
			for (int j = 0; j < target.length; j++) {
				if (bytes[i + j] != target[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static final class Loop extends Thread {

		final Selector selector;

		final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		final ByteBuffer buffer = ByteBuffer.allocate(512 * 1024);

		volatile boolean running = true;

		volatile long deliveries;

		volatile long stampsFromTheFuture;

		volatile long duplicates;

		volatile long stale;

		// Counts the calls of record(boolean), so that each socket forgets the sequence numbers of the recording before.
		int epoch;

		long recordingSinceMicros;

		boolean recording;

		IntList latencies = new IntList();

		Loop(int index) {
			super("load-client-" + index);
			setDaemon(true);
			try {
				this.selector = Selector.open();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		void execute(Runnable task) {
			this.tasks.add(task);
			this.selector.wakeup();
		}

		void delivered(long latencyMicros) {
			this.deliveries++;
			if (latencyMicros < 0) {
				this.stampsFromTheFuture++;
			}
			if (this.recording) {
				this.latencies.add((int) Math.min(Integer.MAX_VALUE, Math.max(0, latencyMicros)));
			}
		}

		@Override
		public void run() {
			while (this.running) {
				try {
					this.selector.select(100);
					Runnable task;
					while ((task = this.tasks.poll()) != null) {
						task.run();
					}
					for (SelectionKey key : this.selector.selectedKeys()) {
						Conn conn = (Conn) key.attachment();
						try {
							if (!key.isValid()) {
								continue;
							}
							if (key.isConnectable()) {
								if (conn.channel.finishConnect()) {
									conn.connected();
								}
								continue;
							}
							if (key.isWritable()) {
								conn.writable();
							}
							if (key.isValid() && key.isReadable()) {
								conn.readable();
							}
						}
						catch (IOException | RuntimeException ex) {
							conn.fail(ex);
						}
					}
					this.selector.selectedKeys().clear();
				}
				catch (IOException | RuntimeException ex) {
					ex.printStackTrace();
				}
			}
			for (SelectionKey key : this.selector.keys()) {
				try {
					key.channel().close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
			try {
				// A channel closed while registered keeps its descriptor until the selector lets
				// go of it: without this each round leaked every socket still open at its end,
				// and the third round of four systems ran out of descriptors.
				this.selector.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

	/** Lists of ints, each written by one thread and read once the writers are done. */
	public static final class IntLists {

		private final IntList[] lists;

		public IntLists(int size) {
			this.lists = new IntList[size];
			for (int i = 0; i < size; i++) {
				this.lists[i] = new IntList();
			}
		}

		public void add(int index, int value) {
			this.lists[index].add(value);
		}

		public int[] sorted() {
			IntList all = new IntList();
			for (IntList list : this.lists) {
				all.addAll(list.toArray());
			}
			int[] result = all.toArray();
			Arrays.sort(result);
			return result;
		}

	}

	/** A growable list of ints. */
	static final class IntList {

		private int[] values = new int[1024];

		private int size;

		void add(int value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		void addAll(int[] more) {
			for (int value : more) {
				add(value);
			}
		}

		int[] toArray() {
			return Arrays.copyOf(this.values, this.size);
		}

	}

}
