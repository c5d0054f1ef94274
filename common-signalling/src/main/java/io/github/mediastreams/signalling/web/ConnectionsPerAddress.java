package io.github.mediastreams.signalling.web;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open browser connections per remote address, so that one client cannot hold every session of the server.
 * Thread-safe; shared by all connections.
 */
public final class ConnectionsPerAddress {

	private final int limit;

	private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

	/** @param limit how many connections one address may have open at once */
	public ConnectionsPerAddress(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		this.limit = limit;
	}

	/**
	 * @param address the remote address of a new connection
	 * @return whether it may stay open; if so, {@link #release} it when it closes
	 */
	public boolean tryAcquire(InetAddress address) {
		boolean[] acquired = new boolean[1];
		this.open.compute(address, (key, count) -> {
			int current = count == null ? 0 : count;
			acquired[0] = current < this.limit;
			return acquired[0] ? current + 1 : (count == null ? null : count);
		});
		return acquired[0];
	}

	/** @param address the remote address of a connection that was acquired and has closed */
	public void release(InetAddress address) {
		this.open.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
	}

	/** @return how many connections one address may have open at once */
	public int limit() {
		return this.limit;
	}
}
