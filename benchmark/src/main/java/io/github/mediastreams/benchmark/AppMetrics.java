package io.github.mediastreams.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the app's own count of open browser connections, the {@code media.sessions.connections} gauge on its
 * Prometheus endpoint, so a heap reading waits until the app has registered every connection.
 */
final class AppMetrics {

	private static final String GAUGE = "media_sessions_connections";

	private final HttpClient http;

	private final HttpRequest scrape;

	/**
	 * @param http a client that trusts the app
	 * @param prometheus the app's {@code /actuator/prometheus} address
	 */
	AppMetrics(HttpClient http, URI prometheus) {
		this.http = http;
		this.scrape = HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(10)).build();
	}

	/** @return the connections the app has a media session open for */
	int connections() {
		try {
			String body = this.http.send(this.scrape, HttpResponse.BodyHandlers.ofString()).body();
			for (String line : body.split("\n")) {
				if (line.startsWith(GAUGE + "{") || line.startsWith(GAUGE + " ")) {
					return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
			throw new IllegalStateException("The app exports no " + GAUGE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * @param expected the count to wait for
	 * @param timeout how long to wait
	 * @throws IllegalStateException if the count is not reached in time
	 */
	void awaitConnections(int expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int seen;
		while ((seen = connections()) != expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The app has " + seen + " connections, expected " + expected);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
	}
}
