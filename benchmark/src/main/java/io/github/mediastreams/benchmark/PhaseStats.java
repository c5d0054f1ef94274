package io.github.mediastreams.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one phase measures, thread-safe: the setups that began inside its measuring window (after the warm-up,
 * before the end), each with the time to the answer and to the first ICE candidate, and the starts that failed.
 */
final class PhaseStats {

	private final long windowStart;

	private final long windowEnd;

	private final LatencyRecorder toAnswer = new LatencyRecorder();

	private final LatencyRecorder toFirstCandidate = new LatencyRecorder();

	private final AtomicLong failures = new AtomicLong();

	// Every setup of the phase, warm-up included, to share out the CPU time the whole phase used.
	private final AtomicLong allSetups = new AtomicLong();

	private CpuMeter.Reading cpu = new CpuMeter.Reading(-1, -1);

	private volatile CpuMeter.Reading windowCpu = new CpuMeter.Reading(-1, -1);

	// Why setups failed, by reason: a handful of distinct texts at most.
	private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();

	/**
	 * @param windowStart {@link System#nanoTime()} from which setups count
	 * @param windowEnd {@link System#nanoTime()} until which setups count
	 */
	PhaseStats(long windowStart, long windowEnd) {
		this.windowStart = windowStart;
		this.windowEnd = windowEnd;
	}

	/** @return whether a setup that began at this time counts */
	boolean inWindow(long startedAt) {
		return startedAt >= this.windowStart && startedAt < this.windowEnd;
	}

	/** @return whether the phase is over: no new setup should begin */
	boolean over(long now) {
		return now >= this.windowEnd;
	}

	/**
	 * @param startedAt when {@code start} was sent
	 * @param answeredAt when {@code startResponse} arrived
	 * @param firstCandidateAt when the first {@code iceCandidate} arrived
	 */
	void setup(long startedAt, long answeredAt, long firstCandidateAt) {
		this.allSetups.incrementAndGet();
		if (inWindow(startedAt)) {
			this.toAnswer.record(answeredAt - startedAt);
			this.toFirstCandidate.record(firstCandidateAt - startedAt);
		}
	}

	/**
	 * @param startedAt when the failed setup began
	 * @param reason the app's error message or what else went wrong
	 */
	void failure(long startedAt, String reason) {
		if (inWindow(startedAt)) {
			this.failures.incrementAndGet();
			String key = reason.length() > 160 ? reason.substring(0, 160) + "..." : reason;
			if (this.reasons.size() < 8 || this.reasons.containsKey(key)) {
				this.reasons.computeIfAbsent(key, (k) -> new AtomicLong()).incrementAndGet();
			}
		}
	}

	/** @param used the CPU time the whole phase used, warm-up and connecting included */
	void cpuUsed(CpuMeter.Reading used) {
		this.cpu = used;
	}

	/** @param used the CPU time used during the measuring window alone, to say how busy each side's cores were */
	void windowCpuUsed(CpuMeter.Reading used) {
		this.windowCpu = used;
	}

	/**
	 * @param name what the phase ran
	 * @param clients how many ran in parallel
	 * @param kmsDelayMillis the delay of every KMS call, or -1 for a real KMS
	 * @return the phase's figures
	 */
	PhaseResult result(String name, int clients, long kmsDelayMillis) {
		double seconds = (this.windowEnd - this.windowStart) / 1e9;
		LatencySummary answers = this.toAnswer.summary();
		Map<String, Long> why = new LinkedHashMap<>();
		this.reasons.forEach((reason, count) -> why.put(reason, count.get()));
		long setups = Math.max(1, this.allSetups.get());
		return new PhaseResult(name, clients, kmsDelayMillis, answers.count() / seconds, answers,
				this.toFirstCandidate.summary(), this.failures.get(), Map.copyOf(why),
				perSetup(this.cpu.appNanos(), setups), perSetup(this.cpu.benchmarkNanos(), setups),
				cores(this.windowCpu.appNanos()), cores(this.windowCpu.benchmarkNanos()));
	}

	private double cores(long nanos) {
		return nanos < 0 ? Double.NaN : (double) nanos / (this.windowEnd - this.windowStart);
	}

	private static double perSetup(long nanos, long setups) {
		return nanos < 0 ? Double.NaN : nanos / 1e6 / setups;
	}
}
