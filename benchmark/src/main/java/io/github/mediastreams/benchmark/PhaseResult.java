package io.github.mediastreams.benchmark;

import java.util.Map;

/**
 * The figures of one phase.
 *
 * @param name what ran: our start or the naive sequence, and the load
 * @param clients how many clients ran in parallel
 * @param kmsDelayMillis the delay of every KMS call; -1 against a real KMS
 * @param sessionsPerSecond setups completed (up to the first ICE candidate) per second of the measuring window
 * @param toAnswer from sending {@code start} to receiving {@code startResponse}
 * @param toFirstCandidate from sending {@code start} to receiving the first {@code iceCandidate}
 * @param failures setups that got an error or no answer in time
 * @param failureReasons why they failed: the app's error message or the timeout, with how often
 * @param appCpuMillis CPU milliseconds the app's JVM used per setup over the whole phase
 * @param benchmarkCpuMillis CPU milliseconds this JVM (clients, KMS double, naive sequence) used per setup
 * @param appCores the cores the app's JVM kept busy during the measuring window, on average; NaN if not read
 * @param benchmarkCores the cores this JVM kept busy during the measuring window; NaN if not read
 */
record PhaseResult(String name, int clients, long kmsDelayMillis, double sessionsPerSecond, LatencySummary toAnswer,
		LatencySummary toFirstCandidate, long failures, Map<String, Long> failureReasons, double appCpuMillis,
		double benchmarkCpuMillis, double appCores, double benchmarkCores) {
}
