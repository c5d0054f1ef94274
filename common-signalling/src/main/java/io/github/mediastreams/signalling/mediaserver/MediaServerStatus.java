package io.github.mediastreams.signalling.mediaserver;

import java.net.URI;

/**
 * One media server of the application, as placement sees it now.
 *
 * @param url its WebSocket URL
 * @param connected whether a checked connection to it is up
 * @param sessions this application's sessions on it, live or starting
 * @param draining whether it is drained: no new sessions, live ones go on
 * @param gone whether it left the list (DNS discovery): drained, closed with its last session
 * @param cpuPercent the CPU use it reported last, in percent of one core; null before the first poll
 * @param usedMemoryKib the resident memory it reported last, in KiB; null before the first poll
 * @param answerMillis how long it took to answer the last probe's ping, in ms; null before the first probe, or when
 *        the last one got no answer within the request timeout
 */
public record MediaServerStatus(URI url, boolean connected, int sessions, boolean draining, boolean gone,
		Float cpuPercent, Long usedMemoryKib, Long answerMillis) {

	/** Slower than this, a server that answers is reported as slow: up, but struggling. */
	public static final long SLOW_ANSWER_MILLIS = 1000;

	/** @return whether the last probe was answered, but in more than {@link #SLOW_ANSWER_MILLIS} */
	public boolean slow() {
		return this.answerMillis != null && this.answerMillis > SLOW_ANSWER_MILLIS;
	}
}
