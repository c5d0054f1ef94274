package io.github.mediastreams.benchmark;

import java.lang.reflect.Field;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.java_websocket.AbstractWebSocket;

import io.github.mediastreams.testkit.KmsDouble;

/**
 * The media server the app and the naive sequence talk to: the KMS double in this JVM, whose latency per call is
 * set with {@link #delayEveryCall} and whose request log the round-trip count reads, or a real KMS on loopback, which
 * has neither.
 */
final class MediaServerUnderTest implements AutoCloseable {

	private final String url;

	private final KmsDouble kmsDouble;

	private MediaServerUnderTest(String url, KmsDouble kmsDouble) {
		this.url = url;
		this.kmsDouble = kmsDouble;
	}

	/** @return a KMS double on a free loopback port */
	static MediaServerUnderTest startDouble() {
		// A small log: the round-trip count needs one session's requests, the load phases none.
		KmsDouble kms = KmsDouble.builder().requestLogLimit(10_000).start();
		keepClientsThatIgnorePings(kms);
		return new MediaServerUnderTest(kms.uri(), kms);
	}

	/**
	 * Works around a defect of the double, until the testkit fixes it: its Java-WebSocket server pings every client
	 * every 60 s and drops one that has sent no pong for 90 s, and kurento-client ignores pings ("Received frame of
	 * type PingWebSocketFrame. Will be ignored"), so two minutes after the double starts it drops the app's media
	 * server connection in the middle of a phase. KMS drops no client for that. The double keeps its server in a
	 * private field: this reaches into it, and says so if it no longer can.
	 */
	private static void keepClientsThatIgnorePings(KmsDouble kms) {
		try {
			Field transport = KmsDouble.class.getDeclaredField("transport");
			transport.setAccessible(true);
			if (transport.get(kms) instanceof AbstractWebSocket server) {
				server.setConnectionLostTimeout(0);
				return;
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// Said below.
		}
		System.err.println("warning: could not turn off the KMS double's ping timeout; a run over two minutes "
				+ "may see the app's media server connection dropped");
	}

	/**
	 * @param url a real KMS's WebSocket URL
	 * @return that media server
	 * @throws IllegalArgumentException unless the URL is on loopback
	 */
	static MediaServerUnderTest real(String url) {
		LoopbackHttp.requireLoopback(URI.create(url));
		return new MediaServerUnderTest(url, null);
	}

	/** @return the WebSocket URL to give the app and kurento-client */
	String url() {
		return this.url;
	}

	/** @return the double, empty for a real KMS */
	Optional<KmsDouble> kmsDouble() {
		return Optional.ofNullable(this.kmsDouble);
	}

	/** @return whether this is the double, whose latency the benchmark sets */
	boolean isDouble() {
		return this.kmsDouble != null;
	}

	/**
	 * @param delay the latency of every call from now on
	 * @throws IllegalStateException for a real KMS
	 */
	void delayEveryCall(Duration delay) {
		if (this.kmsDouble == null) {
			throw new IllegalStateException("A real KMS has its own latency");
		}
		this.kmsDouble.faults().delayAll(delay);
	}

	@Override
	public void close() {
		if (this.kmsDouble != null) {
			this.kmsDouble.close();
		}
	}
}
