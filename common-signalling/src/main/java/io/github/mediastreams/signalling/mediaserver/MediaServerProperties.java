package io.github.mediastreams.signalling.mediaserver;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the Kurento Media Servers are and how patient to be with them. Bound from {@code media-server.*}, so the
 * tutorial's environment variables {@code MEDIA_SERVER_HOST} and {@code MEDIA_SERVER_PORT} work as they are, and
 * mean one server.
 *
 * @param host the media server's host name ({@code MEDIA_SERVER_HOST}); with DNS discovery, the name that resolves
 *        to every server
 * @param port the media servers' WebSocket port ({@code MEDIA_SERVER_PORT})
 * @param url the full WebSocket URL of one server ({@code MEDIA_SERVER_URL}); when set, it wins over host and port
 * @param urls several servers' WebSocket URLs ({@code MEDIA_SERVER_URLS}, comma-separated); when set, they win
 *        over {@code url}, host and port
 * @param discovery {@code none} (the default: the servers named above) or {@code dns}: every address {@code host}
 *        resolves to is a server, on {@code port}
 * @param discoveryInterval how often {@code host} is resolved again, with DNS discovery
 * @param draining servers that take no new sessions (their live ones go on), by URL
 * @param loadInterval how often each server's CPU and memory are polled, when there are several
 * @param connectTimeout how long one connection attempt may take
 * @param requestTimeout how long a media server may take to answer one request; a session start is one request
 * @param heartbeatInterval how often each connection is checked with a ping; a pong that does not come within the
 *        request timeout means the connection is lost
 * @param idleTimeout how long a connection may go without traffic before kurento-client takes it for a lost one;
 *        never less than twice the heartbeat interval
 * @param sweepInterval how often each media server is searched for pipelines of this application instance that no
 *        live session holds (left by a lost connection), to release them
 * @param maxSessions how many sessions this application instance runs at once, on all its media servers; further
 *        starts get an error in words
 * @param maxSessionsPerServer how many sessions this application instance runs at once on any one media server
 * @param maxStartsPerServer how many starts may wait for any one media server's answer at once; a server with that
 *        many gets no new start while another has room, so a frozen one holds at most this many session threads
 */
@ConfigurationProperties("media-server")
public record MediaServerProperties(@DefaultValue("localhost") String host, @DefaultValue("8888") int port, URI url,
		@DefaultValue List<URI> urls, @DefaultValue("none") Discovery discovery,
		@DefaultValue("30s") Duration discoveryInterval, @DefaultValue List<URI> draining,
		@DefaultValue("10s") Duration loadInterval, @DefaultValue("3s") Duration connectTimeout,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue("30s") Duration heartbeatInterval,
		@DefaultValue("5m") Duration idleTimeout, @DefaultValue("1m") Duration sweepInterval,
		@DefaultValue("2000") int maxSessions, @DefaultValue("500") int maxSessionsPerServer,
		@DefaultValue("16") int maxStartsPerServer) {

	/** How the media servers are found. */
	public enum Discovery {
		/** The servers named by {@code urls}, else {@code url}, else {@code host} and {@code port}. */
		NONE,
		/** Every address {@code host} resolves to, re-resolved every {@code discoveryInterval}. */
		DNS
	}

	/** @return the URL of one server: {@link #url()} if set, else {@code ws://host:port/kurento} */
	public URI effectiveUrl() {
		return this.url != null ? this.url : URI.create("ws://" + this.host + ":" + this.port + "/kurento");
	}

	/** @return the servers named in the configuration: {@link #urls()} if set, else {@link #effectiveUrl()} */
	public List<URI> configuredUrls() {
		return this.urls.isEmpty() ? List.of(effectiveUrl()) : this.urls;
	}

	/** @return how many sessions the media servers take at once */
	public SessionLimits limits() {
		return new SessionLimits(this.maxSessions, this.maxSessionsPerServer, this.maxStartsPerServer);
	}

	/** @return the timings of each connection */
	public MediaServerSettings settings() {
		return new MediaServerSettings(this.connectTimeout, this.requestTimeout, this.heartbeatInterval,
				this.idleTimeout, this.sweepInterval);
	}
}
