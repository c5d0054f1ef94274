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
 */
public record MediaServerStatus(URI url, boolean connected, int sessions, boolean draining, boolean gone,
		Float cpuPercent, Long usedMemoryKib) {
}
