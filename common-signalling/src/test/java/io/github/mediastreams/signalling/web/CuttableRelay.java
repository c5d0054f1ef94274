package io.github.mediastreams.signalling.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 in front of the app, whose line can be cut as a network would: {@link #cut()} drops
 * every connection it carries and refuses new ones (each accepted one is closed at once) until {@link #restore()};
 * {@link #hold()} accepts new connections and passes nothing on, as a server that never answers.
 */
final class CuttableRelay implements AutoCloseable {

	private enum Mode { OPEN, CUT, HOLD }

	private final ServerSocket server;

	private final int target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile Mode mode = Mode.OPEN;

	CuttableRelay(int target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "relay-to-" + target);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	void cut() {
		this.mode = Mode.CUT;
		this.sockets.forEach(CuttableRelay::closeQuietly);
	}

	void hold() {
		this.mode = Mode.HOLD;
	}

	void restore() {
		this.mode = Mode.OPEN;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.sockets.add(client);
			if (this.mode == Mode.CUT) {
				closeQuietly(client);
				continue;
			}
			if (this.mode == Mode.HOLD) {
				continue; // kept open, never answered; cut() or close() ends it
			}
			try {
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.target);
				this.sockets.add(upstream);
				copy(client, upstream);
				copy(upstream, client);
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	private void copy(Socket from, Socket to) {
		Thread copier = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n; (n = in.read(buffer)) >= 0;) {
					out.write(buffer, 0, n);
				}
			}
			catch (IOException ex) {
				// Cut, or closed by either side.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "relay-copy");
		copier.setDaemon(true);
		copier.start();
	}

	@Override
	public void close() {
		closeQuietly(this.server);
		this.sockets.forEach(CuttableRelay::closeQuietly);
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Closing is all that is wanted.
		}
	}
}
