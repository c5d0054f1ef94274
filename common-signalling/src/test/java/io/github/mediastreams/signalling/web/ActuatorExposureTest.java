package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What anyone who reaches the app's port sees of the actuator by default (no management port): health's status and
 * the probes, and nothing else: no components, no details (the media server's URL), no metrics.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.tls.self-signed=false",
				"server.ssl.enabled=false" })
class ActuatorExposureTest extends AppUnderTest {

	@Test
	void theAppsPortShowsHealthsStatusAndTheProbesOnly() throws Exception {
		awaitMediaServer();
		HttpResponse<String> health = ActuatorTest.get(this.port, "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode status = JsonMapper.builder().build().readTree(health.body());
		// Spring Boot names the probe groups; nothing of the components.
		assertThat(status.propertyNames()).as("health on the app's port: %s", health.body())
			.containsExactlyInAnyOrder("status", "groups");
		assertThat(status.path("status").asString()).isEqualTo("UP");
		assertThat(health.body()).doesNotContain(kms.uri());
		assertThat(ActuatorTest.get(this.port, "/actuator/health/kurento").statusCode())
			.as("the kurento component alone").isEqualTo(404);

		assertThat(ActuatorTest.get(this.port, "/actuator/prometheus").statusCode()).isEqualTo(404);
		assertThat(ActuatorTest.get(this.port, "/actuator/info").statusCode()).isEqualTo(404);

		for (String probe : new String[] { "/actuator/health/readiness", "/actuator/health/liveness", "/readyz",
				"/livez" }) {
			assertThat(ActuatorTest.get(this.port, probe).statusCode()).as(probe).isEqualTo(200);
		}
	}
}
