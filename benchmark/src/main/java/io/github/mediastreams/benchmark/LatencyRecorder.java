package io.github.mediastreams.benchmark;

import java.util.Arrays;

/**
 * Collects durations from many threads and summarises them with exact percentiles: every sample is kept and sorted,
 * nothing is bucketed. A benchmark records at most some hundred thousand samples, a few megabytes.
 */
final class LatencyRecorder {

	private long[] samples = new long[1024];

	private int count;

	/** @param nanos one duration in nanoseconds */
	synchronized void record(long nanos) {
		if (this.count == this.samples.length) {
			this.samples = Arrays.copyOf(this.samples, this.count * 2);
		}
		this.samples[this.count++] = nanos;
	}

	/** @return the samples so far, sorted */
	synchronized LatencySummary summary() {
		long[] sorted = Arrays.copyOf(this.samples, this.count);
		Arrays.sort(sorted);
		return new LatencySummary(sorted);
	}
}
