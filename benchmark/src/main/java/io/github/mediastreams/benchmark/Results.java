package io.github.mediastreams.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
		HeapResult heap, ScaleOutResult scaleOut, Restart restart) {

	/**
	 * @param figures the scale-out figures, measured once the first app is gone
	 * @return these results with them
	 */
	Results withScaleOut(ScaleOutResult figures) {
		return new Results(this.roundTripDelay, this.ourRoundTrips, this.naiveRoundTrips, this.comparisons, this.load,
				this.held, this.heap, figures, this.restart);
	}

	/**
	 * @param figures the app-restart figures, measured once the other apps are gone
	 * @return these results with them
	 */
	Results withRestart(Restart figures) {
		return new Results(this.roundTripDelay, this.ourRoundTrips, this.naiveRoundTrips, this.comparisons, this.load,
				this.held, this.heap, this.scaleOut, figures);
	}

	/**
	 * The app stopped under live pages and started again on the same port ({@link AppRestartProbe}).
	 * @param sessions pages live when it stopped
	 * @param downMillis from the stop to the new app answering its liveness check
	 * @param startedAgain pages with media again
	 * @param attemptsPerPage connection attempts per page, the one that worked included
	 * @param toAnswer from the app being back to each new {@code startResponse}
	 * @param toFirstCandidate from the app being back to each new first {@code iceCandidate}: media again
	 * @param failures why the others did not start again, and how many
	 * @param objectsLeft KMS objects left on the double once every page stopped
	 */
	record Restart(int sessions, long downMillis, int startedAgain, double attemptsPerPage, LatencySummary toAnswer,
			LatencySummary toFirstCandidate, Map<String, Long> failures, int objectsLeft) {
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
