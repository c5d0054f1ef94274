package io.github.mediastreams.signalling.mediaserver;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether a new session can be placed: UP while at least one media server that takes sessions answers.
 * Each server is probed (connected if there is no connection, pinged if there is one, bounded by the connect
 * timeout), so the report is current, and listed with its state, its live sessions and whether it drains. The
 * application itself stays up either way.
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
			details.put("status", server.connected() ? "UP" : "DOWN");
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
