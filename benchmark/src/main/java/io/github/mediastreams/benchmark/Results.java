package io.github.mediastreams.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * Everything one run measured.
 *
 * @param roundTripDelay the delay D of the round-trip count
 * @param ourRoundTrips the round trips of our start; empty against a real KMS
 * @param naiveRoundTrips the round trips of the naive sequence; empty against a real KMS
 * @param comparisons ours and naive at each KMS delay
 * @param load the load phase with every client's sessions back to back: the most sessions per second
 * @param held the load phase with every client keeping its session a while; null if skipped
 * @param heap the heap figures, or null if skipped
 * @param scaleOut the phases on one and several media servers and the failover; null if skipped or on a real KMS
 */
record Results(Duration roundTripDelay, List<RoundTripAnalyser.Wave> ourRoundTrips,
		List<RoundTripAnalyser.Wave> naiveRoundTrips, List<Comparison> comparisons, PhaseResult load, PhaseResult held,
		HeapResult heap, ScaleOutResult scaleOut) {

	/**
	 * @param figures the scale-out figures, measured once the first app is gone
	 * @return these results with them
	 */
	Results withScaleOut(ScaleOutResult figures) {
		return new Results(this.roundTripDelay, this.ourRoundTrips, this.naiveRoundTrips, this.comparisons, this.load,
				this.held, this.heap, figures);
	}

	/**
	 * Our start and the naive sequence at one KMS delay.
	 * @param ours through the app
	 * @param naive kurento-client one call per step
	 */
	record Comparison(PhaseResult ours, PhaseResult naive) {

		/** @return our setup p50 over the naive one, to {@code startResponse} */
		double answerRatio() {
			return this.ours.toAnswer().p50() / this.naive.toAnswer().p50();
		}

		/** @return our setup p50 over the naive one, to the first {@code iceCandidate} */
		double candidateRatio() {
			return this.ours.toFirstCandidate().p50() / this.naive.toFirstCandidate().p50();
		}
	}
}
