package io.github.mediastreams.signalling.mediaserver;

/**
 * How many sessions the media servers of an application take at once: so that a flood of starts is refused in
 * words rather than taking the media servers' CPU, ports and memory from the sessions that run. The Spring Boot
 * defaults are in {@link MediaServerProperties}.
 *
 * @param maxSessions the live sessions of this application instance, on all its media servers together
 * @param maxSessionsPerServer the live sessions of this application instance on any one media server
 * @param maxStartsPerServer the starts under way at once on any one media server: each holds a session thread
 *        until the media server answers, so that a frozen server holds at most this many of them and the sessions
 *        of the other servers keep theirs; keep it well below {@code media-streams.signalling.threads}
 */
public record SessionLimits(int maxSessions, int maxSessionsPerServer, int maxStartsPerServer) {

	public SessionLimits {
		if (maxSessions < 1 || maxSessionsPerServer < 1 || maxStartsPerServer < 1) {
			throw new IllegalArgumentException("Session limits must be at least 1");
		}
	}
}
