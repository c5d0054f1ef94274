package io.github.mediastreams.signalling.mediaserver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Finds the addresses behind the media servers' DNS name, for {@link DnsDiscovery}. */
@FunctionalInterface
public interface MediaServerResolver {

	/** The JVM's resolver. It caches answers for {@code networkaddress.cache.ttl} (30 s by default). */
	MediaServerResolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

	/**
	 * @param host a DNS name, such as a Kubernetes headless Service's
	 * @return every address it has now
	 * @throws UnknownHostException if it has none
	 */
	List<InetAddress> resolve(String host) throws UnknownHostException;
}
