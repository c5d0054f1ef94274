package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What operators see: the media server in health, and sessions, set-up time and errors in Prometheus metrics. */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.tls.self-signed=false",
				"server.ssl.enabled=false" })
class ActuatorTest extends AppUnderTest {

	@Override
	SignallingClient browser() {
		return SignallingClient.connect(URI.create("ws://localhost:" + this.port + "/signalling"));
	}

	@Test
	void healthShowsTheMediaServerAndMetricsCountSessionsAndErrors() throws Exception {
		awaitMediaServer();
		JsonNode health = JsonMapper.builder().build().readTree(get("/actuator/health"));
		assertThat(health.at("/components/kurento/status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/kurento/details/url").asString()).isEqualTo(kms.uri());

		try (SignallingClient browser = startedBrowser(); SignallingClient bad = browser()) {
			bad.start("not an sdp offer");
			bad.await("error");

			String metrics = get("/actuator/prometheus");
			assertThat(metrics).contains("media_sessions_active 1.0", "media_sessions_connections 2.0",
					"media_session_setup_seconds_count 1", "media_server_errors_total{reason=\"rejected\"} 1.0");
		}
		awaitNothingLeft();
		assertThat(get("/actuator/prometheus")).contains("media_sessions_active 0.0");
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}
}
