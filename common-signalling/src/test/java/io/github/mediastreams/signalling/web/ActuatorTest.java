package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators see on a management port of its own (as Compose runs the apps): the media server in health, and
 * sessions, set-up time and errors in Prometheus metrics; and that the app's own port, which browsers reach, shows
 * none of it, only the probes.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.tls.self-signed=false",
				"server.ssl.enabled=false", "management.server.port=0" })
class ActuatorTest extends AppUnderTest {

	@LocalManagementPort
	int managementPort;

	@Override
	SignallingClient browser() {
		return SignallingClient.connect(URI.create("ws://localhost:" + this.port + "/signalling"));
	}

	@Test
	void theManagementPortShowsTheMediaServerAndMetricsCountSessionsAndErrors() throws Exception {
		awaitMediaServer();
		JsonNode health = JsonMapper.builder().build().readTree(management("/actuator/health").body());
		assertThat(health.at("/components/kurento/status").asString()).isEqualTo("UP");
		JsonNode server = health.path("components").path("kurento").path("details").path("servers").path(kms.uri());
		assertThat(server.path("status").asString()).isEqualTo("UP");
		assertThat(server.path("draining").asBoolean()).isFalse();

		try (SignallingClient browser = startedBrowser(); SignallingClient bad = browser()) {
			bad.start("not an sdp offer");
			bad.await("error");

			String metrics = management("/actuator/prometheus").body();
			assertThat(metrics).contains("media_sessions_active 1.0", "media_sessions_connections 2.0",
					"media_session_setup_seconds_count 1", "media_server_errors_total{reason=\"rejected\"} 1.0",
					"media_server_sessions{media_server=\"" + kms.uri() + "\"} 1.0",
					"media_server_connected{media_server=\"" + kms.uri() + "\"} 1.0");
			JsonNode servers = JsonMapper.builder().build().readTree(management("/actuator/mediaservers").body());
			assertThat(servers.path(0).path("url").asString()).isEqualTo(kms.uri());
			assertThat(servers.path(0).path("sessions").asInt()).isOne();
		}
		awaitNothingLeft();
		assertThat(management("/actuator/prometheus").body()).contains("media_sessions_active 0.0");
	}

	@Test
	void theAppsOwnPortServesTheProbesAndNoActuatorEndpoint() throws Exception {
		awaitMediaServer();
		for (String probe : new String[] { "/livez", "/readyz" }) {
			HttpResponse<String> response = app(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
		}
		for (String endpoint : new String[] { "/actuator/health", "/actuator/prometheus", "/actuator/info",
				"/actuator" }) {
			assertThat(app(endpoint).statusCode()).as("%s on the app's port", endpoint).isEqualTo(404);
		}
		assertThat(management("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> app(String path) throws Exception {
		return get(this.port, path);
	}

	private HttpResponse<String> management(String path) throws Exception {
		return get(this.managementPort, path);
	}

	static HttpResponse<String> get(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}
}
