package io.github.mediastreams.signalling.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Actuator defaults for media applications, below anything the application configures.
 *
 * <p>On the application's own port, which browsers reach, only what they and container probes need: Spring Boot's
 * own defaults (the {@code health} endpoint, its status alone), plus the liveness and readiness probes, which are
 * also served at {@code /livez} and {@code /readyz} so that they stay on this port whatever happens to the
 * management port. On a separate management port ({@code management.server.port}), meant for operators and
 * scrapers on a trusted network, also health's components and details (the {@code kurento} one, with the media
 * server's URL), Prometheus metrics, and the {@code mediaservers} endpoint (each media server; drain one). An
 * application that wants those on its own port configures them there
 * ({@code management.endpoints.web.exposure.include}, {@code management.endpoint.health.show-details}).
 */
public class ManagementDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public int getOrder() {
		// After the application's own configuration is loaded: its management.server.port decides, and wins.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("management.endpoint.health.probes.add-additional-paths", "true");
		if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
			defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus,mediaservers");
			defaults.put("management.endpoint.health.show-components", "always");
			defaults.put("management.endpoint.health.show-details", "always");
		}
		environment.getPropertySources().addLast(new MapPropertySource("mediaStreamsManagementDefaults", defaults));
	}
}
