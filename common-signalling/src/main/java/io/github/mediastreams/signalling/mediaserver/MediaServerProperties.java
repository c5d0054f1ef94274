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
 * @param requestTimeout how long the media server may take to answer one request; also the bound of a session
 *        start
 * @param heartbeatInterval how often the connection is checked with a ping
 */
@ConfigurationProperties("media-server")
public record MediaServerProperties(@DefaultValue("localhost") String host, @DefaultValue("8888") int port, URI url,
		@DefaultValue("3s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("30s") Duration heartbeatInterval) {

	/** @return the URL to connect to: {@link #url()} if set, else {@code ws://host:port/kurento} */
	public URI effectiveUrl() {
		return this.url != null ? this.url : URI.create("ws://" + this.host + ":" + this.port + "/kurento");
	}
}
