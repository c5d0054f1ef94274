package io.github.mediastreams.signalling.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.github.mediastreams.signalling.browser.BrowserTransport;
import io.github.mediastreams.signalling.session.SessionSettings;

/**
 * The browser-facing WebSocket endpoint and the limits of each connection, bound from
 * {@code media-streams.signalling.*}.
 *
 * @param path the WebSocket path, such as {@code /helloworld}
 * @param allowedOrigins origins other than the page's own that may open the WebSocket; empty means same origin only
 * @param maxMessageSize the largest browser message answered; a larger one gets an {@code error}
 * @param maxQueuedCandidates how many ICE candidates may wait for the endpoint
 * @param maxPendingMessages how many browser messages may wait while a session is busy with the media server
 * @param minStartInterval the least time between two starts of one connection
 * @param sendTimeLimit how long one send to a browser may take before the connection is closed
 * @param sendBufferSizeLimit how much may wait to be sent to one browser before the connection is closed
 * @param threads threads for the sessions' work with the media server, shared by all connections
 * @param maxConnectionsPerAddress how many WebSocket connections one remote address (an IPv6 /64 network; behind a
 *        trusted proxy, the address it forwards) may have open at once
 * @param pingInterval how often each browser connection is sent a WebSocket ping
 * @param pongTimeout how long a browser may stay silent (no pong, no message) before its connection is closed and
 *        its session released
 * @param mediaTimeout how long after the answer the browser's media must reach the media server before the
 *        session is ended with an error saying what to check
 * @param maxPendingSize how much of browser messages may wait while a session is busy with the media server,
 *        whatever their count (counted in characters)
 * @param maxCandidatesPerStart how many ICE candidates of the browser one start passes on to the media server after
 *        its answer; each is a request on the media server connection that every session shares
 */
@ConfigurationProperties("media-streams.signalling")
public record SignallingProperties(@DefaultValue("/signalling") String path, @DefaultValue List<String> allowedOrigins,
		@DefaultValue("64KB") DataSize maxMessageSize, @DefaultValue("100") int maxQueuedCandidates,
		@DefaultValue("200") int maxPendingMessages, @DefaultValue("500ms") Duration minStartInterval,
		@DefaultValue("10s") Duration sendTimeLimit, @DefaultValue("512KB") DataSize sendBufferSizeLimit,
		@DefaultValue("64") int threads, @DefaultValue("100") int maxConnectionsPerAddress,
		@DefaultValue("15s") Duration pingInterval, @DefaultValue("30s") Duration pongTimeout,
		@DefaultValue("20s") Duration mediaTimeout, @DefaultValue("256KB") DataSize maxPendingSize,
		@DefaultValue("100") int maxCandidatesPerStart) {

	/** @return the per-session limits */
	public SessionSettings sessionSettings() {
		return new SessionSettings(this.maxQueuedCandidates, this.maxPendingMessages, this.minStartInterval,
				this.mediaTimeout, this.maxPendingSize.toBytes(), this.maxCandidatesPerStart);
	}

	/** @return the limits of each browser connection */
	public BrowserTransport.Settings transportSettings() {
		return new BrowserTransport.Settings(this.sendTimeLimit, this.sendBufferSizeLimit.toBytes(), this.pingInterval,
				this.pongTimeout);
	}
}
