package dev.realtime.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on the loopback address that stands between the browser and the application, as
 * a load balancer or a network does. It sends each new connection to the port it was last told
 * ({@link #sendNewConnectionsTo}, as a load balancer does once an instance is gone), and closes
 * a connection once either side closes or resets it. Its open connections can be silenced
 * ({@link #silenceOpenConnections}, as a dropped network does): from then on it reads what
 * either side sends them and passes nothing on, closing nothing.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private volatile int target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Set<Socket> silenced = ConcurrentHashMap.newKeySet();

	TcpProxy(int target) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.target = target;
		Thread acceptor = new Thread(this::accept, "tcp-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	void sendNewConnectionsTo(int target) {
		this.target = target;
	}

	void silenceOpenConnections() {
		this.silenced.addAll(this.sockets);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				try {
					Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.target);
					this.sockets.add(client);
					this.sockets.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					client.close();
				}
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread pipe = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (!this.silenced.contains(from)) {
						out.write(buffer, 0, read);
						out.flush();
					}
				}
			}
			catch (IOException ex) {
				// Reset, as by a killed process.
			}
			// A silenced connection is left open: a dropped network closes nothing.
			if (!this.silenced.contains(from)) {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pipe");
		pipe.setDaemon(true);
		pipe.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closed already.
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

}
