package io.github.mediastreams.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets, checked against a run's results. Measured and printed only, never asserted. */
final class Targets {

	static final int MAX_ROUND_TRIPS_BEFORE_ANSWER = 1;

	static final int MAX_ROUND_TRIPS_TO_CANDIDATE = 2;

	static final double MAX_P50_RATIO = 0.5;

	static final long RATIO_DELAY_MILLIS = 5;

	static final int CONCURRENT_SESSIONS = 500;

	static final double MAX_P99_MILLIS = 100;

	static final double MAX_IDLE_SESSION_KB = 50;

	// "Close to 3x where the app's own CPU allows".
	static final double MIN_SCALE_RATIO = 2.5;

	private Targets() {
	}

	static List<TargetCheck> check(Results results) {
		List<TargetCheck> checks = new ArrayList<>();
		String beforeAnswer = "sequential KMS round trips before the answer";
		String toCandidate = "sequential KMS round trips to the first candidate";
		if (results.ourRoundTrips().isEmpty()) {
			checks.add(TargetCheck.notMeasured(beforeAnswer, "needs the double's request log",
					"<= " + MAX_ROUND_TRIPS_BEFORE_ANSWER));
			checks.add(TargetCheck.notMeasured(toCandidate, "needs the double's request log",
					"<= " + MAX_ROUND_TRIPS_TO_CANDIDATE));
		}
		else {
			int answered = RoundTripAnalyser.roundTripsUpTo(results.ourRoundTrips(), "processOffer");
			int naiveAnswered = RoundTripAnalyser.roundTripsUpTo(results.naiveRoundTrips(), "processOffer");
			checks.add(TargetCheck.of(beforeAnswer, answered + " (naive: " + naiveAnswered + ")",
					"<= " + MAX_ROUND_TRIPS_BEFORE_ANSWER, answered >= 1 && answered <= MAX_ROUND_TRIPS_BEFORE_ANSWER));
			int count = results.ourRoundTrips().size();
			checks.add(TargetCheck.of(toCandidate, count + " (naive: " + results.naiveRoundTrips().size() + ")",
					"<= " + MAX_ROUND_TRIPS_TO_CANDIDATE, count <= MAX_ROUND_TRIPS_TO_CANDIDATE));
		}
		checks.add(ratio(results));
		if (results.held() != null) {
			checks.add(concurrent(results.held(), "live sessions, each restarted after its hold"));
		}
		checks.add(concurrent(results.load(), "clients starting back to back (saturation)"));
		String heap = "app heap per idle session";
		String heapTarget = "<= " + fmt(MAX_IDLE_SESSION_KB) + " KB";
		if (results.heap() == null) {
			checks.add(TargetCheck.notMeasured(heap, "skipped (--idle 0)", heapTarget));
		}
		else {
			double kb = results.heap().bytesPerIdleSession() / 1000;
			checks.add(TargetCheck.of(heap, fmt(kb) + " KB", heapTarget, kb <= MAX_IDLE_SESSION_KB));
		}
		checks.addAll(scaleOut(results.scaleOut()));
		return checks;
	}

	private static List<TargetCheck> scaleOut(ScaleOutResult scale) {
		String what = "sessions/s at saturation, " + ScaleOut.POOL + " media servers / 1";
		String target = ">= " + fmt(MIN_SCALE_RATIO) + " (close to " + ScaleOut.POOL + " where the app's CPU allows)";
		String failover = "failover: from a media server killed to every session it held answered again";
		if (scale == null) {
			return List.of(TargetCheck.notMeasured(what, "skipped", target),
					TargetCheck.notMeasured(failover, "skipped", "(no target)"));
		}
		List<TargetCheck> checks = new ArrayList<>();
		String measured = fmt(scale.ratio()) + " (" + fmt(scale.several().phase().sessionsPerSecond()) + " / "
				+ fmt(scale.one().phase().sessionsPerSecond()) + "; limit: " + scaleLimit(scale) + ")";
		checks.add(TargetCheck.of(what, measured, target, scale.ratio() >= MIN_SCALE_RATIO));
		ScaleOutResult.Failover lost = scale.failover();
		if (lost == null) {
			checks.add(TargetCheck.notMeasured(failover, "skipped (--failover-sessions 0)", "(no target)"));
		}
		else {
			boolean all = lost.held() > 0 && lost.answeredAgain() == lost.held() && lost.disturbed() == 0
					&& lost.objectsLeft() == 0;
			checks.add(new TargetCheck(failover, fmt(lost.toAnswer().maxMillis()) + " ms, " + lost.answeredAgain()
					+ " of " + lost.held() + " answered again, " + lost.disturbed() + " others disturbed, "
					+ lost.objectsLeft() + " objects left", "every one, none disturbed (no time target)",
					all ? "PASS" : "MISS"));
		}
		return checks;
	}

	/**
	 * @param scale the scale-out figures
	 * @return what bounded the pool's sessions per second: the cores, or the media servers themselves
	 */
	static String scaleLimit(ScaleOutResult scale) {
		PhaseResult pool = scale.several().phase();
		String cores = "app " + fmt(pool.appCores()) + " + benchmark " + fmt(pool.benchmarkCores()) + " of "
				+ scale.cores() + " cores busy";
		if (scale.several().cpuBound(scale.cores())) {
			return "the machine's CPU (" + cores + ")";
		}
		return "the media servers, " + scale.kmsDelayMillis() + " ms per call (" + cores + ")";
	}

	private static TargetCheck ratio(Results results) {
		String what = "setup p50 (to startResponse), " + RATIO_DELAY_MILLIS + " ms per KMS call, ours / naive";
		String target = "<= " + fmt(MAX_P50_RATIO);
		for (Results.Comparison comparison : results.comparisons()) {
			if (comparison.ours().kmsDelayMillis() == RATIO_DELAY_MILLIS) {
				double ratio = comparison.answerRatio();
				return TargetCheck.of(what, fmt(ratio) + " (" + fmt(comparison.ours().toAnswer().p50()) + " / "
						+ fmt(comparison.naive().toAnswer().p50()) + " ms)", target, ratio <= MAX_P50_RATIO);
			}
		}
		return TargetCheck.notMeasured(what, "no phase with " + RATIO_DELAY_MILLIS + " ms per KMS call", target);
	}

	private static TargetCheck concurrent(PhaseResult phase, String how) {
		String what = "setup p99 (to startResponse), " + CONCURRENT_SESSIONS + " " + how;
		String target = "< " + fmt(MAX_P99_MILLIS) + " ms";
		if (phase.clients() < CONCURRENT_SESSIONS) {
			return TargetCheck.notMeasured(what, "the phase had " + phase.clients() + " clients", target);
		}
		double p99 = phase.toAnswer().p99();
		return TargetCheck.of(what, fmt(p99) + " ms (" + fmt(phase.sessionsPerSecond()) + " sessions/s, "
				+ phase.failures() + " failed)", target, phase.failures() == 0 && p99 < MAX_P99_MILLIS);
	}

	static String fmt(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
	}
}
