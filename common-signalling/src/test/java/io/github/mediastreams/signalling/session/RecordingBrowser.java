package io.github.mediastreams.signalling.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mediastreams.signalling.protocol.ServerMessage;

/** A browser that records what the session sends it, for tests to await. */
final class RecordingBrowser implements BrowserChannel {

	private final List<ServerMessage> unread = new ArrayList<>();

	private final List<ServerMessage> all = new ArrayList<>();

	private boolean closed;

	@Override
	public synchronized void send(ServerMessage message) {
		this.unread.add(message);
		this.all.add(message);
		notifyAll();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		notifyAll();
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	synchronized <T extends ServerMessage> T await(Class<T> type) {
		return await(type, Duration.ofSeconds(10));
	}

	synchronized <T extends ServerMessage> T await(Class<T> type, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		while (true) {
			for (Iterator<ServerMessage> it = this.unread.iterator(); it.hasNext();) {
				ServerMessage message = it.next();
				if (type.isInstance(message)) {
					it.remove();
					return type.cast(message);
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError(
						"No " + type.getSimpleName() + " within " + within.toMillis() + " ms; received " + this.all);
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	synchronized List<ServerMessage> all() {
		return List.copyOf(this.all);
	}

	synchronized <T extends ServerMessage> List<T> all(Class<T> type) {
		return this.all.stream().filter(type::isInstance).map(type::cast).toList();
	}
}
