package io.github.mediastreams.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.RecordedRequest;

/**
 * Sets up one session alone while the double delays every call by D, takes the double's request log at the first
 * ICE candidate, and splits it into sequential round trips with the {@link RoundTripAnalyser}: for our start
 * through the app, and for the naive sequence. Leaves the double with no delay.
 */
final class RoundTripProbe {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final KmsDouble kms;

	private final Duration delay;

	private final RoundTripAnalyser analyser;

	/**
	 * @param kms the double the app and the naive sequence use
	 * @param delay D, large against the loopback's own latency: 30 ms is plenty
	 */
	RoundTripProbe(KmsDouble kms, Duration delay) {
		this.kms = kms;
		this.delay = delay;
		this.analyser = new RoundTripAnalyser(delay);
	}

	/**
	 * @param http the shared client
	 * @param app the app's signalling address
	 * @return the round trips of one start through the app, up to the first candidate it sends
	 */
	List<RoundTripAnalyser.Wave> ourStart(HttpClient http, URI app) {
		WatchedSession watched = new WatchedSession();
		SignallingConnection connection = SignallingConnection.open(http, app, watched)
			.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.join();
		try {
			awaitQuiet();
			this.kms.faults().delayAll(this.delay);
			this.kms.clearRequests();
			connection.send(SignallingMessages.START);
			watched.firstCandidate().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return this.analyser.waves(this.kms.requests());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The probe's start got no ICE candidate: " + ex, ex);
		}
		finally {
			this.kms.faults().delayAll(Duration.ZERO);
			connection.send(SignallingMessages.STOP);
			connection.close();
		}
	}

	/**
	 * @param sequence the naive sequence, on its own kurento-client connection
	 * @return the round trips of one naive start, up to its first candidate
	 */
	List<RoundTripAnalyser.Wave> naiveStart(NaiveSequence sequence) {
		awaitQuiet();
		this.kms.faults().delayAll(this.delay);
		this.kms.clearRequests();
		List<RecordedRequest> log;
		try (NaiveSequence.Session session = sequence.start(System.nanoTime())) {
			log = this.kms.requests();
		}
		finally {
			this.kms.faults().delayAll(Duration.ZERO);
		}
		return this.analyser.waves(log);
	}

	// Earlier sessions' releases must not fall into the log of the one probed.
	private void awaitQuiet() {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.kms.liveObjectCount() > 0 && System.nanoTime() < deadline) {
			Pause.millis(20);
		}
		Pause.millis(100);
	}
}
