package io.github.mediastreams.signalling.mediaserver;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the media server answers: it connects when there is no connection, and pings it when there is
 * one, bounded by the connect timeout, so the report is current; the application itself stays up either way.
 */
public class MediaServerHealthIndicator extends AbstractHealthIndicator {

	private final MediaServerConnection connection;

	/** @param connection the connection to report on */
	public MediaServerHealthIndicator(MediaServerConnection connection) {
		super("Media server health check failed");
		this.connection = connection;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("url", this.connection.url().toString());
		if (this.connection.isReachable()) {
			builder.up();
		}
		else {
			builder.down().withDetail("error", "The media server is not reachable; try again in a moment");
		}
	}
}
