package io.github.mediastreams.signalling.session;

import java.time.Duration;

/**
 * Limits of one media session. The Spring Boot defaults are in {@code SignallingProperties}.
 *
 * @param maxQueuedCandidates how many ICE candidates may wait for the endpoint before the session answers with an
 *        error
 * @param maxPendingMessages how many browser messages may wait while the session is busy with the media server
 * @param minStartInterval the least time between two {@code start} messages of one connection; zero for no bound
 * @param mediaTimeout how long after the answer media from the browser must flow into the media server before the
 *        session is ended with an error saying what to check
 * @param maxPendingSize how many characters of browser messages may wait while the session is busy with the media
 *        server, whatever their count
 * @param maxCandidatesPerStart how many ICE candidates of the browser one start passes on to the media server after
 *        its answer; the rest are dropped, and the browser told once
 */
public record SessionSettings(int maxQueuedCandidates, int maxPendingMessages, Duration minStartInterval,
		Duration mediaTimeout, long maxPendingSize, int maxCandidatesPerStart) {

	public SessionSettings {
		if (maxQueuedCandidates < 1 || maxPendingMessages < 1 || maxPendingSize < 1 || maxCandidatesPerStart < 1) {
			throw new IllegalArgumentException("Queue bounds must be at least 1");
		}
		if (minStartInterval.isNegative()) {
			throw new IllegalArgumentException("minStartInterval must not be negative");
		}
		if (mediaTimeout.isNegative() || mediaTimeout.isZero()) {
			throw new IllegalArgumentException("mediaTimeout must be positive");
		}
	}
}
