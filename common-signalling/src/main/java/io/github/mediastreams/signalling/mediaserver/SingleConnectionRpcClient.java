package io.github.mediastreams.signalling.mediaserver;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;

/**
 * kurento-client's JSON-RPC WebSocket client for one WebSocket connection: once that connection breaks, the client
 * stays broken, and {@link MediaServerConnection} replaces it with a new one.
 *
 * <p>
 * kurento-client 7.3.0 reconnects a broken client by itself, in the background and also on the thread of whichever
 * request is sent next, holding the client's lock meanwhile. It then waits for the WebSocket handshake without any
 * bound, and fails that wait on nothing but an exception: a connection that closes during the handshake (as when the
 * broken client is destroyed) or a server that accepts the TCP connection and answers nothing (a frozen KMS) holds
 * that thread, and every later request of the client, for ever. A session thread stuck so takes its session with
 * it. So the first connection's handshake is bounded here, and any later connection is refused: the request that
 * would have made one fails with a {@link MediaServerConnectionLostException}, at once.
 */
final class SingleConnectionRpcClient extends JsonRpcClientNettyWebSocket {

	private final ScheduledExecutorService timer;

	private final Duration handshakeTimeout;

	private boolean connectedOnce;

	/**
	 * @param url the media server's WebSocket URL
	 * @param listener told of the connection's state
	 * @param timer runs the handshake's deadline; never the thread that connects
	 * @param handshakeTimeout how long the TCP connection and the WebSocket handshake may take together
	 */
	SingleConnectionRpcClient(String url, JsonRpcWSConnectionListener listener, ScheduledExecutorService timer,
			Duration handshakeTimeout) {
		super(url, listener);
		this.timer = timer;
		this.handshakeTimeout = handshakeTimeout;
	}

	@Override
	protected void connectNativeClient() throws Exception {
		synchronized (this) {
			if (this.connectedOnce) {
				throw new MediaServerConnectionLostException();
			}
			this.connectedOnce = true;
		}
		Deadline deadline = new Deadline(Thread.currentThread());
		ScheduledFuture<?> expiry = this.timer.schedule(deadline::expire, this.handshakeTimeout.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			super.connectNativeClient();
		}
		finally {
			expiry.cancel(false);
		}
		if (deadline.finish()) {
			// kurento-client takes the interrupt for a spurious wake-up and goes on as if connected: it is not.
			closeNativeClient();
			throw new TimeoutException("No WebSocket handshake with the media server within "
					+ this.handshakeTimeout.toMillis() + " ms");
		}
	}

	/** Interrupts the connecting thread once the handshake's time is up, unless it has finished by then. */
	private static final class Deadline {

		private final Thread connecting;

		private boolean finished;

		private boolean expired;

		Deadline(Thread connecting) {
			this.connecting = connecting;
		}

		synchronized void expire() {
			if (!this.finished) {
				this.expired = true;
				this.connecting.interrupt();
			}
		}

		/** @return whether the time ran out; an interrupt it caused is cleared from the connecting thread */
		synchronized boolean finish() {
			this.finished = true;
			if (this.expired) {
				Thread.interrupted();
			}
			return this.expired;
		}
	}
}
