package io.github.mediastreams.benchmark;

/** Sorted durations with exact nearest-rank percentiles. */
final class LatencySummary {

	private final long[] sorted;

	LatencySummary(long[] sorted) {
		this.sorted = sorted;
	}

	/** @return how many samples there are */
	int count() {
		return this.sorted.length;
	}

	/**
	 * The nearest-rank percentile: the smallest sample that at least {@code percent} % of the samples do not exceed.
	 * @param percent from 0 (exclusive) to 100
	 * @return the sample in milliseconds, or NaN without samples
	 */
	double percentileMillis(double percent) {
		if (this.sorted.length == 0) {
			return Double.NaN;
		}
		// The epsilon keeps binary fractions such as 99.9 % of 5000 (4995.000000000001) on their exact rank.
		int rank = (int) Math.ceil(percent / 100.0 * this.sorted.length - 1e-9);
		int index = Math.min(this.sorted.length - 1, Math.max(0, rank - 1));
		return this.sorted[index] / 1_000_000.0;
	}

	double p50() {
		return percentileMillis(50);
	}

	double p95() {
		return percentileMillis(95);
	}

	double p99() {
		return percentileMillis(99);
	}

	/** @return the largest sample in milliseconds, or NaN without samples */
	double maxMillis() {
		return this.sorted.length == 0 ? Double.NaN : this.sorted[this.sorted.length - 1] / 1_000_000.0;
	}
}
