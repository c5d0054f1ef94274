package io.github.mediastreams.benchmark;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/**
 * The session start of Kurento's own Java tutorial, one blocking kurento-client call per step, as in the recorded
 * hello-world session: create the pipeline, create the endpoint, subscribe to IceCandidateFound, IceGatheringDone,
 * IceComponentStateChanged, MediaFlowInStateChanged and Error one after the other, connect the endpoint to itself,
 * process the offer (the tutorial sends {@code startResponse} here), gather candidates.
 *
 * <p>
 * It runs in the benchmark's JVM on its own kurento-client connection, so its interval lacks the browser's
 * WebSocket hop and the app's message handling that our start's interval includes: the comparison favours it.
 */
final class NaiveSequence {

	private final KurentoClient kurento;

	private final String offer;

	private final Duration timeout;

	/**
	 * @param kurento the client's connection to the media server
	 * @param offer the SDP offer
	 * @param timeout how long to wait for the first candidate
	 */
	NaiveSequence(KurentoClient kurento, String offer, Duration timeout) {
		this.kurento = kurento;
		this.offer = offer;
		this.timeout = timeout;
	}

	/**
	 * Sets up one session and keeps it until the returned one is closed, which releases its pipeline as the
	 * tutorial's {@code stop} does.
	 * @param startedAt {@link System#nanoTime()} taken just before the call, the moment {@code start} arrived
	 * @return the session, with when its answer and its first candidate came
	 * @throws IllegalStateException if a step fails or no candidate comes in time
	 */
	Session start(long startedAt) {
		CompletableFuture<Long> firstCandidate = new CompletableFuture<>();
		MediaPipeline pipeline = this.kurento.createMediaPipeline();
		try {
			WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
			endpoint.addIceCandidateFoundListener((event) -> firstCandidate.complete(System.nanoTime()));
			endpoint.addIceGatheringDoneListener((event) -> {
			});
			endpoint.addIceComponentStateChangedListener((event) -> {
			});
			endpoint.addMediaFlowInStateChangedListener((event) -> {
			});
			endpoint.addErrorListener((event) -> {
			});
			endpoint.connect(endpoint);
			endpoint.processOffer(this.offer);
			long answeredAt = System.nanoTime();
			endpoint.gatherCandidates();
			long candidateAt = firstCandidate.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new Session(pipeline, startedAt, answeredAt, candidateAt);
		}
		catch (InterruptedException ex) {
			pipeline.release();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			pipeline.release();
			throw new IllegalStateException("The naive start failed: " + ex, ex);
		}
	}

	/**
	 * A started session.
	 * @param pipeline its pipeline
	 * @param startedAt when the start began
	 * @param answeredAt when the answer was there to send
	 * @param firstCandidateAt when the first candidate was there to send
	 */
	record Session(MediaPipeline pipeline, long startedAt, long answeredAt, long firstCandidateAt)
			implements AutoCloseable {

		/** Releases the pipeline, blocking, as the tutorial's stop does. */
		@Override
		public void close() {
			this.pipeline.release();
		}
	}
}
