package io.github.mediastreams.signalling.mediaserver;

import java.time.Duration;

/**
 * How patient a {@link MediaServerConnection} is with its media server. The Spring Boot defaults are in
 * {@link MediaServerProperties}.
 *
 * @param connectTimeout how long one connection attempt, and the ping that checks it, may take
 * @param requestTimeout how long the media server may take to answer one request
 * @param heartbeatInterval how often the connection is pinged; a pong that does not come within the request
 *        timeout means the connection is lost
 * @param idleTimeout how long kurento-client lets its channel go without traffic before it takes it for a lost
 *        one; never less than twice the heartbeat interval, which keeps a live channel busy
 * @param sweepInterval how often the media server is searched for this instance's pipelines that no live session
 *        holds, to release them
 */
public record MediaServerSettings(Duration connectTimeout, Duration requestTimeout, Duration heartbeatInterval,
		Duration idleTimeout, Duration sweepInterval) {

	public MediaServerSettings {
		for (Duration duration : new Duration[] { connectTimeout, requestTimeout, heartbeatInterval, idleTimeout,
				sweepInterval }) {
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("Media server timings must be positive");
			}
		}
	}

	/** @return the idle timeout kurento-client gets: at least twice the heartbeat interval */
	public Duration effectiveIdleTimeout() {
		Duration twoBeats = this.heartbeatInterval.multipliedBy(2);
		return this.idleTimeout.compareTo(twoBeats) >= 0 ? this.idleTimeout : twoBeats;
	}
}
