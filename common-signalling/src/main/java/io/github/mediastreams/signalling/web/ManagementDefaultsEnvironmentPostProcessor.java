package io.github.mediastreams.signalling.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Actuator defaults for media applications, below anything the application configures: health with its
 * components (the {@code kurento} one among them) and liveness/readiness probes, and Prometheus metrics, exposed
 * over the web.
 */
public class ManagementDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("mediaStreamsManagementDefaults",
					Map.of("management.endpoints.web.exposure.include", "health,info,prometheus",
							"management.endpoint.health.show-components", "always",
							"management.endpoint.health.show-details", "always",
							"management.endpoint.health.probes.enabled", "true")));
	}
}
