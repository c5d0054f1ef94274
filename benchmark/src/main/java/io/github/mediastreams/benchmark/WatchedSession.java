package io.github.mediastreams.benchmark;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows one session that is started once, for the probes: when its answer and its first candidate came, how many
 * candidates came, and an error if one came first.
 */
final class WatchedSession implements SignallingConnection.Handler {

	private final CompletableFuture<Long> answered = new CompletableFuture<>();

	private final CompletableFuture<Long> firstCandidate = new CompletableFuture<>();

	private final AtomicInteger candidates = new AtomicInteger();

	@Override
	public void onMessage(SignallingConnection connection, String id, long arrivedAt, CharSequence text) {
		switch (id) {
			case "startResponse":
				this.answered.complete(arrivedAt);
				break;
			case "iceCandidate":
				this.candidates.incrementAndGet();
				this.firstCandidate.complete(arrivedAt);
				break;
			case "error":
			case "closed":
				IllegalStateException failure = new IllegalStateException("The app answered " + text);
				this.answered.completeExceptionally(failure);
				this.firstCandidate.completeExceptionally(failure);
				break;
			default:
				break;
		}
	}

	/** @return completed with the arrival time of {@code startResponse} */
	CompletableFuture<Long> answered() {
		return this.answered;
	}

	/** @return completed with the arrival time of the first {@code iceCandidate} */
	CompletableFuture<Long> firstCandidate() {
		return this.firstCandidate;
	}

	/** @return how many {@code iceCandidate} messages came */
	int candidates() {
		return this.candidates.get();
	}
}
