package io.github.mediastreams.signalling.tls;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves HTTPS with a {@link SelfSignedCertificate} made at first start, unless TLS is configured already: a
 * configured key store, certificate or SSL bundle wins, and {@code server.ssl.enabled=false} turns TLS off.
 * {@code media-streams.tls.self-signed=false} turns this off; {@code media-streams.tls.directory} says where the
 * files live (default {@code ~/.media-streams/tls}). The certificate names {@code localhost}, {@code 127.0.0.1} and
 * {@code app-server.host} ({@code APP_SERVER_HOST}).
 */
public class SelfSignedTlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private final Log log;

	/** @param logs Boot's log factory for the time before logging is set up */
	public SelfSignedTlsEnvironmentPostProcessor(DeferredLogFactory logs) {
		this.log = logs.getLog(SelfSignedTlsEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// After the application's own configuration is loaded, so that what it configures wins.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("media-streams.tls.self-signed", Boolean.class, true)
				|| !environment.getProperty("server.ssl.enabled", Boolean.class, true)
				|| environment.containsProperty("server.ssl.key-store")
				|| environment.containsProperty("server.ssl.certificate")
				|| environment.containsProperty("server.ssl.bundle")) {
			return;
		}
		Path directory = Path.of(environment.getProperty("media-streams.tls.directory",
				System.getProperty("user.home") + "/.media-streams/tls"));
		Set<String> hosts = new LinkedHashSet<>();
		hosts.add("localhost");
		hosts.add("127.0.0.1");
		String appHost = environment.getProperty("app-server.host");
		if (appHost != null && !appHost.isBlank()) {
			hosts.add(appHost.trim());
		}
		SelfSignedCertificate certificate = SelfSignedCertificate.ensure(directory, hosts, Clock.systemUTC());
		this.log.info("Serving HTTPS with the self-signed certificate in " + directory + " for " + hosts);
		environment.getPropertySources()
			.addLast(new MapPropertySource("mediaStreamsSelfSignedTls",
					Map.of("server.ssl.enabled", "true", "server.ssl.certificate",
							certificate.certificate().toUri().toString(), "server.ssl.certificate-private-key",
							certificate.privateKey().toUri().toString())));
	}
}
