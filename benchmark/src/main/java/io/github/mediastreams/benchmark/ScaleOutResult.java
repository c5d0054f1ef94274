package io.github.mediastreams.benchmark;

import java.util.List;
import java.util.Map;

/**
 * What the scale-out phases measured.
 *
 * @param kmsDelayMillis the delay of every call on each double, which bounds what one double serves
 * @param cores the cores the machine has, shared by the app, the clients and the doubles
 * @param one hello-world on one media server
 * @param several hello-world on a pool of them
 * @param failover one of the pool killed under live sessions; null if skipped
 */
record ScaleOutResult(long kmsDelayMillis, int cores, Servers one, Servers several, Failover failover) {

	/** @return sessions per second on the pool over those on one server */
	double ratio() {
		return this.several.phase().sessionsPerSecond() / this.one.phase().sessionsPerSecond();
	}

	/**
	 * The back-to-back phase on a number of media servers.
	 * @param servers how many media servers the app had
	 * @param phase the figures of the phase
	 * @param meanLiveSessions per server, the WebRtcEndpoints it held, averaged over samples in the measuring window
	 */
	record Servers(int servers, PhaseResult phase, List<Double> meanLiveSessions) {

		/** @return whether the app's and the benchmark's JVMs kept the machine's cores nearly all busy */
		boolean cpuBound(int cores) {
			return this.phase.appCores() + this.phase.benchmarkCores() >= 0.85 * cores;
		}
	}

	/**
	 * One media server of the pool killed while sessions live on all of them.
	 * @param sessions sessions started before the kill, on every server of the pool
	 * @param held how many of them the killed server held
	 * @param lost how many got {@code mediaServerLost}
	 * @param answeredAgain how many of those got a new {@code startResponse} and a first {@code iceCandidate}
	 * @param toLost from the kill to each {@code mediaServerLost}
	 * @param toAnswer from the kill to each new {@code startResponse}
	 * @param toFirstCandidate from the kill to each new first {@code iceCandidate}
	 * @param disturbed sessions on the other servers that got any message after the kill
	 * @param failures why restarts failed: the app's error message or the timeout, with how often
	 * @param objectsLeft KMS objects left on the surviving servers once every session was stopped
	 */
	record Failover(int sessions, int held, int lost, int answeredAgain, LatencySummary toLost,
			LatencySummary toAnswer, LatencySummary toFirstCandidate, int disturbed, Map<String, Long> failures,
			int objectsLeft) {
	}
}
