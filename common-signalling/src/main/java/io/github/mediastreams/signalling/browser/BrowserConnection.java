package io.github.mediastreams.signalling.browser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.signalling.session.BrowserChannel;

/**
 * One browser's WebSocket, as its media session sees it: messages are queued and written one at a time with the
 * container's asynchronous sends, so no caller ever waits for the browser; pings are sent while nothing else is
 * on its way. Made by {@link BrowserTransport#open}.
 */
public final class BrowserConnection implements BrowserChannel {

	private static final Logger log = LoggerFactory.getLogger(BrowserConnection.class);

	// Tomcat's name for the bound of its blocking sends (the close frame, pings): the send time limit applies there too.
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

	private final Session webSocket;

	private final String id;

	private final BrowserTransport transport;

	private final Runnable onDead;

	private final Queue<Outgoing> queue = new ArrayDeque<>();

	private long queuedBytes;

	private boolean sending;

	private boolean pumping;

	private boolean pinging;

	// Set once the connection is to close after what is queued: the reason it closes with.
	private CloseReason closing;

	private boolean done;

	private volatile long lastHeard = System.nanoTime();

	BrowserConnection(Session webSocket, String id, BrowserTransport transport, Runnable onDead) {
		this.webSocket = webSocket;
		this.id = id;
		this.transport = transport;
		this.onDead = onDead;
		long limit = transport.settings().sendTimeLimit().toMillis();
		webSocket.getAsyncRemote().setSendTimeout(limit);
		webSocket.getUserProperties().put(BLOCKING_SEND_TIMEOUT, limit);
	}

	/** @return the connection's id, as used in logs */
	public String id() {
		return this.id;
	}

	@Override
	public synchronized void send(ServerMessage message) {
		if (this.done || this.closing != null) {
			return;
		}
		String text = this.transport.codec().encode(message);
		long bytes = text.getBytes(StandardCharsets.UTF_8).length;
		long limit = this.transport.settings().sendBufferSizeLimit();
		if (this.queuedBytes + bytes > limit) {
			broken("more than " + limit + " bytes wait to be sent: the browser reads too slowly");
			return;
		}
		this.queue.add(new Outgoing(text, bytes, message.id()));
		this.queuedBytes += bytes;
		pump();
	}

	/** Closes the connection as the server goes away (1001), once what was sent before is out. */
	@Override
	public void close() {
		close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Server shutting down"));
	}

	/**
	 * Closes the connection once what was sent before is out, or could not be sent in time.
	 * @param reason the close code and reason the browser gets
	 */
	public synchronized void close(CloseReason reason) {
		if (this.done || this.closing != null) {
			return;
		}
		this.closing = reason;
		pump();
	}

	/** Something came from the browser (a message or a pong): it is still there. */
	public void heard() {
		this.lastHeard = System.nanoTime();
	}

	/** The container reported the connection closed: no more pings, no more sends. */
	public synchronized void released() {
		this.done = true;
		this.queue.clear();
		this.queuedBytes = 0;
		this.transport.forget(this);
	}

	long lastHeard() {
		return this.lastHeard;
	}

	/**
	 * Whether the connection wants a ping now: none is on its way, and neither is a message (then the browser is
	 * being tested already). If so, the ping is counted as on its way until {@link #ping()} has sent it.
	 */
	synchronized boolean pingWanted() {
		if (this.done || this.pinging || this.sending || !this.queue.isEmpty()) {
			return false;
		}
		this.pinging = true;
		return true;
	}

	/**
	 * Sends the ping {@link #pingWanted()} asked for. Blocking in the containers, up to the send time limit, so
	 * outside the connection's monitor: the sessions' sends meanwhile queue as ever, and the container writes them
	 * after the ping.
	 */
	void ping() {
		try {
			this.webSocket.getAsyncRemote().sendPing(NO_DATA.duplicate());
		}
		catch (IOException | RuntimeException ex) {
			broken("could not ping: " + ex.getMessage());
		}
		finally {
			synchronized (this) {
				this.pinging = false;
			}
		}
	}

	/** Gives the connection up from the server's side: closes it and releases its session, once. */
	synchronized void broken(String reason) {
		if (this.done) {
			return;
		}
		log.info("Session {}: {}; closing the connection", this.id, reason);
		released();
		closeLater(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Not reachable"));
		this.transport.closer().execute(this.onDead);
	}

	// Writes the next message if none is on its way; a send that completes at once comes back here through sent(),
	// so the loop, not a recursion, goes on.
	private void pump() {
		if (this.pumping) {
			return;
		}
		this.pumping = true;
		try {
			while (!this.done && !this.sending && !this.queue.isEmpty()) {
				Outgoing next = this.queue.peek();
				this.sending = true;
				this.webSocket.getAsyncRemote().sendText(next.text(), (result) -> sent(next, result));
			}
			if (!this.done && this.closing != null && !this.sending && this.queue.isEmpty()) {
				this.done = true;
				this.transport.forget(this);
				closeLater(this.closing);
			}
		}
		catch (RuntimeException ex) {
			this.sending = false;
			broken("could not send: " + ex.getMessage());
		}
		finally {
			this.pumping = false;
		}
	}

	private synchronized void sent(Outgoing message, SendResult result) {
		this.sending = false;
		if (this.done) {
			return;
		}
		this.queue.poll();
		this.queuedBytes -= message.bytes();
		if (!result.isOK()) {
			Throwable failure = result.getException();
			broken("could not send '" + message.id() + "' within "
					+ this.transport.settings().sendTimeLimit().toMillis() + " ms ("
					+ (failure != null ? failure.getClass().getSimpleName() : "failed") + ")");
			return;
		}
		pump();
	}

	private void closeLater(CloseReason reason) {
		this.transport.closer().execute(() -> {
			try {
				if (this.webSocket.isOpen()) {
					this.webSocket.close(reason);
				}
			}
			catch (IOException | RuntimeException ex) {
				log.debug("Session {}: could not close: {}", this.id, ex.getMessage());
			}
		});
	}

	/** A message waiting to be sent, with its size in bytes and its id for the logs. */
	private record Outgoing(String text, long bytes, String id) {
	}
}
