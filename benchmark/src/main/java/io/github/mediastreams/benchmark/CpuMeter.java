package io.github.mediastreams.benchmark;

import java.time.Duration;

/**
 * CPU time used by the app's JVM and by this one (the clients, the KMS double, the naive sequence), read from the
 * operating system before and after a phase, so a phase can say which side its two cores went to.
 */
final class CpuMeter {

	private final ProcessHandle app;

	/** @param appPid the app JVM's process id */
	CpuMeter(long appPid) {
		this.app = ProcessHandle.of(appPid).orElseThrow(() -> new IllegalStateException("No process " + appPid));
	}

	/** @return the CPU time used so far by each side */
	Reading read() {
		return new Reading(cpu(this.app), cpu(ProcessHandle.current()));
	}

	private static long cpu(ProcessHandle process) {
		return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
	}

	/**
	 * @param appNanos CPU time of the app's JVM, -1 if the system does not tell
	 * @param benchmarkNanos CPU time of this JVM, -1 if the system does not tell
	 */
	record Reading(long appNanos, long benchmarkNanos) {

		/**
		 * @param earlier a reading taken before
		 * @return the CPU time used in between
		 */
		Reading since(Reading earlier) {
			return new Reading(this.appNanos - earlier.appNanos, this.benchmarkNanos - earlier.benchmarkNanos);
		}
	}
}
