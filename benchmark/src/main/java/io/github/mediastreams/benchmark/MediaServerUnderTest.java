package io.github.mediastreams.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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
		return new MediaServerUnderTest(kms.uri(), kms);
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
