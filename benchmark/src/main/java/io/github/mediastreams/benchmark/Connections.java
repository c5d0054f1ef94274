package io.github.mediastreams.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Opens and closes many signalling connections, a bounded number at a time. */
final class Connections {

	/** Connections being opened at once: TLS handshakes are the costly part on two cores. */
	private static final int OPENING_AT_ONCE = 16;

	private Connections() {
	}

	/**
	 * @param http the shared client
	 * @param app the app's signalling address
	 * @param handlers one per connection, told of its messages
	 * @return the open connections, in the order of the handlers
	 */
	static List<SignallingConnection> open(HttpClient http, URI app,
			List<? extends SignallingConnection.Handler> handlers) {
		Semaphore permits = new Semaphore(OPENING_AT_ONCE);
		List<CompletableFuture<SignallingConnection>> opening = new ArrayList<>();
		try {
			for (SignallingConnection.Handler handler : handlers) {
				permits.acquire();
				opening.add(SignallingConnection.open(http, app, handler)
					.whenComplete((connection, failure) -> permits.release()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while connecting", ex);
		}
		List<SignallingConnection> open = new ArrayList<>();
		for (CompletableFuture<SignallingConnection> future : opening) {
			open.add(future.orTimeout(30, TimeUnit.SECONDS).join());
		}
		return open;
	}

	/** @param connections connections to close, in parallel */
	static void close(List<SignallingConnection> connections) {
		connections.parallelStream().forEach(SignallingConnection::close);
	}
}
