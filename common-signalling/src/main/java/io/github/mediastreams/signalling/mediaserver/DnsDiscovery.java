package io.github.mediastreams.signalling.mediaserver;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the media servers those a DNS name resolves to: one server per address, at
 * {@code ws://address:port/kurento}, re-resolved every interval. So a Kubernetes headless Service in front of the
 * KMS pods, or {@code docker compose up --scale kurento=3}, is the list of servers: new ones join, those gone are
 * drained and closed once their last session ends. A lookup that fails keeps the list as it is.
 */
public final class DnsDiscovery implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DnsDiscovery.class);

	private final MediaServers servers;

	private final String host;

	private final int port;

	private final MediaServerResolver resolver;

	private final ScheduledExecutorService timer;

	private volatile List<URI> last = List.of();

	private volatile boolean failing;

	/**
	 * Resolves the name now, then every interval.
	 * @param servers the pool to keep up to date
	 * @param host the DNS name, such as {@code kurento.media.svc.cluster.local}
	 * @param port the media servers' WebSocket port
	 * @param resolver how names are resolved
	 * @param interval how often the name is resolved again
	 */
	public DnsDiscovery(MediaServers servers, String host, int port, MediaServerResolver resolver, Duration interval) {
		this.servers = Objects.requireNonNull(servers, "servers");
		this.host = Objects.requireNonNull(host, "host");
		this.port = port;
		this.resolver = Objects.requireNonNull(resolver, "resolver");
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "media-server-discovery");
			thread.setDaemon(true);
			return thread;
		});
		resolve();
		long millis = interval.toMillis();
		this.timer.scheduleWithFixedDelay(this::resolve, millis, millis, TimeUnit.MILLISECONDS);
	}

	/** Resolves the name and updates the pool; also run every interval. */
	public void resolve() {
		List<URI> urls;
		try {
			urls = this.resolver.resolve(this.host).stream().map(this::url).distinct().sorted().toList();
		}
		catch (UnknownHostException | RuntimeException ex) {
			if (!this.failing) {
				log.warn("Could not resolve the media servers' name {}: {}; keeping {}", this.host, ex.getMessage(),
						this.last);
			}
			this.failing = true;
			return;
		}
		this.failing = false;
		if (!urls.equals(this.last)) {
			log.info("The media servers' name {} resolves to {}", this.host, urls);
			this.last = urls;
		}
		this.servers.update(urls);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	private URI url(InetAddress address) {
		String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
				: address.getHostAddress();
		return URI.create("ws://" + literal + ":" + this.port + "/kurento");
	}
}
