package dev.realtime.boot.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, private {@code redis-server} (Debian's {@code /usr/bin/redis-server}) on a free port
 * of 127.0.0.1, without persistence, run as a child process of the tests: it never touches
 * anyone else's Redis or data. Register it as a static extension; it starts before the class's
 * tests and is killed after them. Shared with the sample application's tests as this module's
 * test jar.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

	private static final String EXECUTABLE = "/usr/bin/redis-server";

	private volatile int port;

	private volatile Process process;

	private Path directory;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	/**
	 * Return the port the server listens on, the same after a restart.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the properties that point Spring Data Redis at this server.
	 * @return {@code spring.data.redis.*} properties
	 */
	public List<String> springProperties() {
		return List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port);
	}

	/**
	 * Start the server, on a free port the first time and on the same port afterwards.
	 * @throws IOException if it cannot be started
	 */
	public synchronized void start() throws IOException {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		if (!Files.isExecutable(Path.of(EXECUTABLE))) {
			throw new IllegalStateException(EXECUTABLE + " is missing: install Debian's redis-server package "
					+ "(apt-get install redis-server), as .ci/run does");
		}
		if (this.port == 0) {
			this.port = freePort();
			this.directory = Files.createTempDirectory("realtime-redis-");
			this.directory.toFile().deleteOnExit();
		}
		ProcessBuilder builder = new ProcessBuilder(EXECUTABLE, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString(), "--daemonize",
				"no", "--protected-mode", "yes");
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.directory.resolve("redis.log").toFile());
		Process started = builder.start();
		this.process = started;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!answersPing()) {
			if (!started.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + started.exitValue() + ", see "
						+ this.directory.resolve("redis.log"));
			}
			if (System.nanoTime() > deadline) {
				started.destroyForcibly();
				throw new IllegalStateException("redis-server did not answer PING on port " + this.port);
			}
			sleep(20);
		}
	}

	/**
	 * Kill the server at once (SIGKILL), as a crash would, and wait until it is gone.
	 */
	public synchronized void stop() {
		Process current = this.process;
		if (current != null) {
			current.destroyForcibly();
			try {
				current.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Send one command (RESP) and return the raw reply.
	 * @param arguments the command and its arguments
	 * @return the reply, as Redis wrote it
	 * @throws IOException on a network failure
	 */
	public String command(String... arguments) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(2000);
			StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
			for (String argument : arguments) {
				request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
					.append(argument).append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			StringBuilder reply = new StringBuilder();
			readReply(socket.getInputStream(), reply);
			return reply.toString();
		}
	}

	private static void readReply(InputStream in, StringBuilder reply) throws IOException {
		String line = readLine(in);
		reply.append(line).append("\r\n");
		char type = line.isEmpty() ? ' ' : line.charAt(0);
		if (type == '*') {
			int count = Integer.parseInt(line.substring(1));
			for (int i = 0; i < count; i++) {
				readReply(in, reply);
			}
		}
		else if (type == '$') {
			int length = Integer.parseInt(line.substring(1));
			if (length >= 0) {
				byte[] bulk = in.readNBytes(length + 2);
				reply.append(new String(bulk, StandardCharsets.UTF_8));
			}
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int previous = -1;
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed by redis-server");
			}
			if (previous == '\r' && b == '\n') {
				line.setLength(line.length() - 1);
				return line.toString();
			}
			line.append((char) b);
			previous = b;
		}
	}

	private boolean answersPing() {
		try {
			return command("PING").startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
