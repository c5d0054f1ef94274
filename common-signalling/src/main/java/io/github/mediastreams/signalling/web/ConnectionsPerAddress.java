package io.github.mediastreams.signalling.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open browser connections per remote address, so that one client cannot hold every session of the server.
 * An IPv4 address counts on its own; IPv6 addresses count per /64, the smallest network a host is given, so that
 * one client cannot walk around the limit by taking a new address of its network for each connection. Behind a
 * reverse proxy the address is the one the proxy forwards, where the server trusts it (Spring Boot's
 * {@code server.forward-headers-strategy} and the trusted proxies of the web server). Thread-safe; shared by all
 * connections.
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
		this.open.compute(counted(address), (key, count) -> {
			int current = count == null ? 0 : count;
			acquired[0] = current < this.limit;
			return acquired[0] ? current + 1 : (count == null ? null : count);
		});
		return acquired[0];
	}

	/** @param address the remote address of a connection that was acquired and has closed */
	public void release(InetAddress address) {
		this.open.computeIfPresent(counted(address), (key, count) -> count > 1 ? count - 1 : null);
	}

	/**
	 * @param address a remote address
	 * @return what its connections count against: the address itself, or for IPv6 its /64 network
	 */
	static InetAddress counted(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address;
		}
		byte[] network = Arrays.copyOf(address.getAddress(), 16);
		Arrays.fill(network, 8, 16, (byte) 0);
		try {
			return InetAddress.getByAddress(network);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("16 bytes are an IPv6 address", ex);
		}
	}

	/** @return how many connections one address may have open at once */
	public int limit() {
		return this.limit;
	}
}
