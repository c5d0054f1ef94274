package io.github.mediastreams.signalling.web;

import java.net.URI;
import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.github.mediastreams.signalling.mediaserver.MediaServerStatus;
import io.github.mediastreams.signalling.mediaserver.MediaServers;

/**
 * {@code /actuator/mediaservers}: each media server (state, live sessions, drained or not, its last reported load),
 * and a POST that drains one or takes it back, e.g. before taking its machine down:
 *
 * <pre>
 * curl -k -X POST https://localhost:8081/actuator/mediaservers -H 'Content-Type: application/json' \
 *      -d '{"url":"ws://10.0.0.7:8888/kurento","draining":true}'
 * </pre>
 *
 * Exposed by default on the management port only.
 */
@Endpoint(id = "mediaservers")
public class MediaServersEndpoint {

	private final MediaServers servers;

	/** @param servers the application's media servers */
	public MediaServersEndpoint(MediaServers servers) {
		this.servers = servers;
	}

	/** @return each media server, in the order it joined */
	@ReadOperation
	public List<MediaServerStatus> servers() {
		return this.servers.status();
	}

	/**
	 * @param url the media server's URL, as {@link #servers()} lists it
	 * @param draining true to take no new sessions there (live ones go on), false to take sessions again
	 * @return each media server, after the change
	 * @throws IllegalArgumentException if no media server has this URL
	 */
	@WriteOperation
	public List<MediaServerStatus> drain(String url, boolean draining) {
		if (!this.servers.drain(URI.create(url), draining)) {
			throw new IllegalArgumentException("No media server " + url + "; known: "
					+ this.servers.status().stream().map((s) -> s.url().toString()).toList());
		}
		return this.servers.status();
	}
}
