package io.github.mediastreams.signalling.mediaserver;

/**
 * How many sessions the media servers of an application take at once: so that a flood of starts is refused in
 * words rather than taking the media servers' CPU, ports and memory from the sessions that run. The Spring Boot
 * defaults are in {@link MediaServerProperties}.
 *
 * @param maxSessions the live sessions of this application instance, on all its media servers together
 * @param maxSessionsPerServer the live sessions of this application instance on any one media server
 */
public record SessionLimits(int maxSessions, int maxSessionsPerServer) {

	public SessionLimits {
		if (maxSessions < 1 || maxSessionsPerServer < 1) {
			throw new IllegalArgumentException("Session limits must be at least 1");
		}
	}
}
