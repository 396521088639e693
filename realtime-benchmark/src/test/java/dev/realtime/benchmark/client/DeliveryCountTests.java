package dev.realtime.benchmark.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.realtime.benchmark.client.LoadClient.Conn;
import dev.realtime.benchmark.client.LoadClient.Protocol;
import dev.realtime.benchmark.server.Tick;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the load client counts as delivered while it records: each push once per socket, and
 * only the pushes of the run under way. Counted otherwise, a duplicate, or a push of an earlier
 * run arriving late, makes up for a push lost in this one, and the loss reads 0.
 */
class DeliveryCountTests {

	@Test
	void aDuplicateOrAPushStampedBeforeTheRunIsNoDelivery() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
				try {
					Socket socket = listener.accept();
					readUntil(socket.getInputStream(), "\r\n\r\n");
					socket.getOutputStream()
						.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
							.getBytes(StandardCharsets.US_ASCII));
					// The ping: 2 header bytes, 4 of mask, its text.
					socket.getInputStream().readNBytes(6 + "{\"id\":0,\"action\":\"ping\"}".length());
					text(socket.getOutputStream(), "{\"id\":0}");
					return socket;
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			try (LoadClient client = new LoadClient(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 1, 1)) {
				Conn conn = client.open(Protocol.BARE, "/bare?channels=bench", List.of());
				conn.ready.get(10, TimeUnit.SECONDS);
				Socket socket = accepted.get(10, TimeUnit.SECONDS);
				client.record(true);
				long before = client.deliveries();
				long now = Tick.nowMicros();
				OutputStream out = socket.getOutputStream();
				text(out, push(now, 0));
				text(out, push(now, 0)); // the same push again
				text(out, push(now - 60_000_000, 7)); // a push of a run before this one
				text(out, push(now, 1));
				out.flush();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (conn.received() < 4 && System.nanoTime() < deadline) {
					Thread.sleep(5);
				}
				client.sync();
				assertThat(conn.received()).isEqualTo(4);
				assertThat(client.deliveries() - before).isEqualTo(2);
				assertThat(client.latencies()).hasSize(2);
				socket.close();
			}
		}
	}

	private static String push(long stamp, int seq) {
		return "{\"t\":" + stamp + ",\"seq\":" + seq + ",\"pad\":\"xxxxxxxx\"}";
	}

	private static void text(OutputStream out, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		out.write(0x81);
		out.write(bytes.length);
		out.write(bytes);
	}

	private static void readUntil(InputStream in, String end) throws IOException {
		ByteArrayOutputStream seen = new ByteArrayOutputStream();
		while (!seen.toString(StandardCharsets.US_ASCII).endsWith(end)) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed");
			}
			seen.write(b);
		}
	}

}
