package io.github.mediastreams.benchmark;

/**
 * One target of the issue next to what was measured.
 *
 * @param what the figure
 * @param measured the measured value, in words and numbers
 * @param target the target, in words and numbers
 * @param verdict PASS, MISS, or N/A when this run could not measure it
 */
record TargetCheck(String what, String measured, String target, String verdict) {

	static TargetCheck of(String what, String measured, String target, boolean pass) {
		return new TargetCheck(what, measured, target, pass ? "PASS" : "MISS");
	}

	static TargetCheck notMeasured(String what, String why, String target) {
		return new TargetCheck(what, why, target, "N/A");
	}
}
