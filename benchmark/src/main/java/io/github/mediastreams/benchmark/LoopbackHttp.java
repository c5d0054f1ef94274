package io.github.mediastreams.benchmark;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

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
		SSLParameters parameters = new SSLParameters();
		parameters.setEndpointIdentificationAlgorithm(null);
		return HttpClient.newBuilder()
			.sslContext(trustAll())
			.sslParameters(parameters)
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

	private static SSLContext trustAll() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new X509TrustManager() {
				@Override
				public void checkClientTrusted(X509Certificate[] chain, String authType) {
				}

				@Override
				public void checkServerTrusted(X509Certificate[] chain, String authType) {
				}

				@Override
				public X509Certificate[] getAcceptedIssuers() {
					return new X509Certificate[0];
				}
			} }, new SecureRandom());
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
