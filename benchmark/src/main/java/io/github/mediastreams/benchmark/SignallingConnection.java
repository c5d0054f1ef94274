package io.github.mediastreams.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A lean browser stand-in: one WebSocket to the app, sends serialised, and each message handed over with its
 * arrival time and id only. Many of them share one {@link HttpClient}, so 500 connections cost the benchmark JVM a
 * selector thread, not 500.
 */
final class SignallingConnection implements WebSocket.Listener {

	/** Told of each message from the app, one at a time per connection. */
	interface Handler {

		/**
		 * @param connection the connection it came on
		 * @param id the message's id, such as {@code startResponse}
		 * @param arrivedAt {@link System#nanoTime()} when its last fragment arrived
		 * @param text the whole message, valid only during the call
		 */
		void onMessage(SignallingConnection connection, String id, long arrivedAt, CharSequence text);
	}

	private volatile Handler handler;

	private final StringBuilder fragments = new StringBuilder();

	private WebSocket webSocket;

	private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

	private SignallingConnection(Handler handler) {
		this.handler = handler;
	}

	/**
	 * @param http the shared client
	 * @param uri the app's signalling address
	 * @param handler told of each message
	 * @return the connection once open
	 */
	static CompletableFuture<SignallingConnection> open(HttpClient http, URI uri, Handler handler) {
		SignallingConnection connection = new SignallingConnection(handler);
		return http.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(uri, connection)
			.thenApply((webSocket) -> {
				connection.webSocket = webSocket;
				return connection;
			});
	}

	/** @param next told of the messages from now on, in place of the handler given at opening */
	void rewatch(Handler next) {
		this.handler = next;
	}

	/** @param text a message for the app, sent after those handed over before */
	synchronized void send(String text) {
		WebSocket socket = this.webSocket;
		this.sending = this.sending.handle((ok, failure) -> null)
			.thenCompose((ignored) -> socket.sendText(text, true));
	}

	/** Closes the connection as a browser tab does, without waiting long. */
	void close() {
		CompletableFuture<?> last;
		synchronized (this) {
			last = this.sending;
		}
		try {
			last.handle((ok, failure) -> null)
				.thenCompose((ignored) -> this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
				.orTimeout(5, TimeUnit.SECONDS)
				.handle((ok, failure) -> null)
				.join();
		}
		finally {
			this.webSocket.abort();
		}
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		long arrivedAt = System.nanoTime();
		if (!last) {
			this.fragments.append(data);
		}
		else if (this.fragments.length() > 0) {
			this.fragments.append(data);
			this.handler.onMessage(this, SignallingMessages.idOf(this.fragments), arrivedAt, this.fragments);
			this.fragments.setLength(0);
		}
		else {
			this.handler.onMessage(this, SignallingMessages.idOf(data), arrivedAt, data);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.handler.onMessage(this, "closed", System.nanoTime(), reason);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.handler.onMessage(this, "closed", System.nanoTime(), String.valueOf(error));
	}
}
