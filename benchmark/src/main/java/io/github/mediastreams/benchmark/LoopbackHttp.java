package io.github.mediastreams.benchmark;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;

import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * HTTP and WebSocket clients for the app under test, which serves a self-signed certificate on loopback: they
 * trust any certificate, so they are made for loopback addresses only, and {@link #requireLoopback} guards every
 * address the benchmark is given.
 */
final class LoopbackHttp {

	private LoopbackHttp() {
	}

	/**
	 * @param executor runs the clients' callbacks
	 * @return a client that trusts the app's self-signed certificate
	 */
	static HttpClient newClient(Executor executor) {
		return SignallingClient.trustingClient()
			.connectTimeout(Duration.ofSeconds(5))
			.executor(executor)
			.build();
	}

	/**
	 * @param uri an address the benchmark is about to use
	 * @return the same address
	 * @throws IllegalArgumentException unless its host is a loopback address
	 */
	static URI requireLoopback(URI uri) {
		String host = uri.getHost();
		try {
			if (host != null && InetAddress.getByName(host).isLoopbackAddress()) {
				return uri;
			}
		}
		catch (UnknownHostException ex) {
			// Not resolvable: refused below like any other non-loopback host.
		}
		throw new IllegalArgumentException("Only loopback addresses are used; refusing " + uri);
	}
}
