package io.github.mediastreams.signalling.browser;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.Session;

import io.github.mediastreams.signalling.protocol.MessageCodec;

/**
 * What every browser connection of an application shares: how long and how much a send to a browser may take,
 * the check that each browser is still there, and the threads that close connections. Free of Spring, like the
 * sessions: the Spring handler and the plain Jakarta endpoint open their connections here alike.
 *
 * <p>
 * Sends never block the thread that makes them (the sessions' media server work, kurento-client's event threads):
 * each connection queues its messages and writes them with the container's asynchronous sends, one at a time. A
 * browser that does not take a message within the send time limit, or lets more than the buffer limit wait, is
 * disconnected. Every {@code pingInterval} each idle connection is sent a WebSocket ping, which browsers answer
 * by themselves; a connection from which nothing has come for {@code pongTimeout} (a laptop closed, a network gone
 * without a FIN or RST) is closed and its session released, so a silent browser is gone within
 * {@code pingInterval + pongTimeout}.
 */
public final class BrowserTransport implements AutoCloseable {

	/**
	 * The limits of each browser connection.
	 *
	 * @param sendTimeLimit how long one send may take before the connection is closed
	 * @param sendBufferSizeLimit how many bytes may wait to be sent before the connection is closed
	 * @param pingInterval how often an idle connection is pinged
	 * @param pongTimeout how long a connection may stay silent before it is closed
	 */
	public record Settings(Duration sendTimeLimit, long sendBufferSizeLimit, Duration pingInterval,
			Duration pongTimeout) {

		public Settings {
			for (Duration duration : new Duration[] { sendTimeLimit, pingInterval, pongTimeout }) {
				if (duration.isNegative() || duration.isZero()) {
					throw new IllegalArgumentException("Browser connection timings must be positive");
				}
			}
			if (sendBufferSizeLimit < 1) {
				throw new IllegalArgumentException("sendBufferSizeLimit must be at least 1 byte");
			}
		}
	}

	// Enough that browsers whose sockets take nothing (each holding a thread for up to the send time limit) leave
	// threads for everyone else's pings, which take microseconds.
	private static final int PING_THREADS = 8;

	private final MessageCodec codec;

	private final Settings settings;

	private final Set<BrowserConnection> open = ConcurrentHashMap.newKeySet();

	private final ExecutorService closer;

	private final ExecutorService pinger;

	private final ScheduledFuture<?> pings;

	/**
	 * @param codec writes the protocol's messages
	 * @param settings the limits of each connection
	 * @param scheduler times the pings; shared, not shut down by {@link #close()}
	 */
	public BrowserTransport(MessageCodec codec, Settings settings, ScheduledExecutorService scheduler) {
		this.codec = Objects.requireNonNull(codec, "codec");
		this.settings = Objects.requireNonNull(settings, "settings");
		AtomicInteger count = new AtomicInteger();
		// Closing a connection can block while the container tries to send the close frame to a browser that
		// reads nothing; a few threads of their own keep that off everybody else's.
		this.closer = Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "browser-close-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		// A ping is a blocking send in the containers (Tomcat's waits up to the send time limit for a browser whose
		// socket takes nothing): pings go out on threads of their own, never on the timer, which also fires the
		// sessions' media deadlines. A connection has one ping on its way at most, so a stuck browser holds one.
		this.pinger = Executors.newFixedThreadPool(PING_THREADS, (runnable) -> {
			Thread thread = new Thread(runnable, "browser-ping-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		long interval = settings.pingInterval().toMillis();
		this.pings = scheduler.scheduleWithFixedDelay(this::pingAll, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Opens a browser connection on a Jakarta WebSocket session.
	 * @param webSocket the container's session
	 * @param id the connection's id, for logs
	 * @param onDead run once if the connection breaks on the server's side (too slow, silent, a failed send): the
	 *        adapter releases its media session there, without waiting for the container's close event
	 * @return the connection; call {@link BrowserConnection#released()} when the container reports it closed
	 */
	public BrowserConnection open(Session webSocket, String id, Runnable onDead) {
		BrowserConnection connection = new BrowserConnection(webSocket, id, this, onDead);
		this.open.add(connection);
		return connection;
	}

	/** @return how many connections are open */
	public int size() {
		return this.open.size();
	}

	@Override
	public void close() {
		this.pings.cancel(false);
		this.pinger.shutdownNow();
		this.closer.shutdown();
	}

	MessageCodec codec() {
		return this.codec;
	}

	Settings settings() {
		return this.settings;
	}

	ExecutorService closer() {
		return this.closer;
	}

	void forget(BrowserConnection connection) {
		this.open.remove(connection);
	}

	private void pingAll() {
		long silentLimit = this.settings.pongTimeout().toNanos();
		long now = System.nanoTime();
		for (BrowserConnection connection : this.open) {
			long silent = now - connection.lastHeard();
			if (silent > silentLimit) {
				connection.broken("no answer to pings for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s");
			}
			else if (connection.pingWanted()) {
				try {
					this.pinger.execute(connection::ping);
				}
				catch (RejectedExecutionException ex) {
					return; // closed meanwhile
				}
			}
		}
	}
}
