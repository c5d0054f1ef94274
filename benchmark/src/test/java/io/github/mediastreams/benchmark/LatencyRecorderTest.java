package io.github.mediastreams.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

	@Test
	void percentilesAreExactNearestRanks() {
		LatencyRecorder recorder = new LatencyRecorder();
		for (int millis = 100; millis >= 1; millis--) {
			recorder.record(millis * 1_000_000L);
		}

		LatencySummary summary = recorder.summary();

		assertThat(summary.count()).isEqualTo(100);
		assertThat(summary.p50()).isEqualTo(50.0);
		assertThat(summary.p95()).isEqualTo(95.0);
		assertThat(summary.p99()).isEqualTo(99.0);
		assertThat(summary.maxMillis()).isEqualTo(100.0);
	}

	@Test
	void aSingleSampleIsEveryPercentileAndNoneIsNotANumber() {
		LatencyRecorder recorder = new LatencyRecorder();
		assertThat(recorder.summary().p50()).isNaN();

		recorder.record(1_500_000L);

		assertThat(recorder.summary().p50()).isEqualTo(1.5);
		assertThat(recorder.summary().p99()).isEqualTo(1.5);
	}

	@Test
	void growsPastItsFirstArray() {
		LatencyRecorder recorder = new LatencyRecorder();
		for (int i = 1; i <= 5000; i++) {
			recorder.record(i);
		}

		assertThat(recorder.summary().count()).isEqualTo(5000);
		assertThat(recorder.summary().percentileMillis(99.9)).isEqualTo(4995 / 1e6);
	}
}
