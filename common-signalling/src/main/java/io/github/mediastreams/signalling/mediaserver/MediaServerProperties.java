package io.github.mediastreams.signalling.mediaserver;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Kurento Media Server is and how patient to be with it. Bound from {@code media-server.*}, so the tutorial's
 * environment variables {@code MEDIA_SERVER_HOST} and {@code MEDIA_SERVER_PORT} work as they are.
 *
 * @param host the media server's host name ({@code MEDIA_SERVER_HOST})
 * @param port the media server's WebSocket port ({@code MEDIA_SERVER_PORT})
 * @param url the full WebSocket URL ({@code MEDIA_SERVER_URL}); when set, it wins over host and port
 * @param connectTimeout how long one connection attempt may take
 * @param requestTimeout how long the media server may take to answer one request; a session start is one request
 * @param heartbeatInterval how often the connection is checked with a ping; a pong that does not come within the
 *        request timeout means the connection is lost
 * @param idleTimeout how long the connection may go without traffic before kurento-client takes it for a lost one;
 *        never less than twice the heartbeat interval
 * @param sweepInterval how often the media server is searched for pipelines of this application instance that no
 *        live session holds (left by a lost connection), to release them
 */
@ConfigurationProperties("media-server")
public record MediaServerProperties(@DefaultValue("localhost") String host, @DefaultValue("8888") int port, URI url,
		@DefaultValue("3s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("30s") Duration heartbeatInterval, @DefaultValue("5m") Duration idleTimeout,
		@DefaultValue("1m") Duration sweepInterval) {

	/** @return the timings of the connection */
	public MediaServerSettings settings() {
		return new MediaServerSettings(this.connectTimeout, this.requestTimeout, this.heartbeatInterval,
				this.idleTimeout, this.sweepInterval);
	}

	/** @return the URL to connect to: {@link #url()} if set, else {@code ws://host:port/kurento} */
	public URI effectiveUrl() {
		return this.url != null ? this.url : URI.create("ws://" + this.host + ":" + this.port + "/kurento");
	}
}
