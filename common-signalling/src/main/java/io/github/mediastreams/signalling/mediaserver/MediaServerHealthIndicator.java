package io.github.mediastreams.signalling.mediaserver;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether a new session can be placed: UP while at least one media server that takes sessions answers.
 * Each server is probed (connected if there is no connection, pinged if there is one, bounded by the request
 * timeout), so the report is current, and listed with its state ({@code UP}, {@code SLOW} when it took more than
 * {@value MediaServerStatus#SLOW_ANSWER_MILLIS} ms to answer, or {@code DOWN}), how long it took, its live sessions
 * and whether it drains. A probe never ends a session: an unanswered one is reported, and losing a server is left to
 * its heartbeat. The application itself stays up either way.
 */
public class MediaServerHealthIndicator extends AbstractHealthIndicator {

	private final MediaServers servers;

	/** @param servers the media servers to report on */
	public MediaServerHealthIndicator(MediaServers servers) {
		super("Media server health check failed");
		this.servers = servers;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean reachable = this.servers.isReachable();
		Map<String, Object> each = new LinkedHashMap<>();
		for (MediaServerStatus server : this.servers.status()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("status", !server.connected() ? "DOWN" : server.slow() ? "SLOW" : "UP");
			if (server.answerMillis() != null) {
				details.put("answerMillis", server.answerMillis());
			}
			details.put("sessions", server.sessions());
			details.put("draining", server.draining() || server.gone());
			if (server.cpuPercent() != null) {
				details.put("cpuPercent", server.cpuPercent());
				details.put("usedMemoryKib", server.usedMemoryKib());
			}
			each.put(server.url().toString(), details);
		}
		builder.withDetail("servers", each);
		if (reachable) {
			builder.up();
		}
		else {
			builder.down().withDetail("error", "The media server is not reachable; try again in a moment");
		}
	}
}
