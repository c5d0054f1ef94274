package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The app starts while the media server is down, says so, and works once the media server is up. */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"media-streams.tls.self-signed=false", "server.ssl.enabled=false",
				// Health's details on the app's port, as an app may configure them.
				"management.endpoint.health.show-details=always" })
class MediaServerDownAtStartTest {

	static final int KMS_PORT = freePort();

	@DynamicPropertySource
	static void mediaServer(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", () -> "ws://127.0.0.1:" + KMS_PORT + "/kurento");
	}

	@LocalServerPort
	int port;

	@Autowired
	MediaServers mediaServers;

	@Test
	void startsReportsTheMediaServerDownAndWorksWhenItComesUp() throws Exception {
		JsonNode health = health("/actuator/health");
		assertThat(health.at("/components/kurento/status").asString()).isEqualTo("DOWN");
		assertThat(health.at("/components/kurento/details/error").asString())
			.isEqualTo("The media server is not reachable; try again in a moment");
		assertThat(health("/actuator/health/liveness").path("status").asString()).isEqualTo("UP");

		try (SignallingClient browser = SignallingClient
			.connect(URI.create("ws://localhost:" + this.port + "/signalling"))) {
			browser.start(SignallingClient.chromiumOffer());
			assertThat(browser.await("error").path("message").asString())
				.isEqualTo("The media server is not reachable; try again in a moment");

			try (KmsDouble kms = KmsDouble.builder().port(KMS_PORT).start()) {
				browser.start(SignallingClient.chromiumOffer());
				browser.await("startResponse");
				assertThat(health("/actuator/health").at("/components/kurento/status").asString()).isEqualTo("UP");
				browser.stop();
				await().until(() -> kms.liveObjectCount() == 0);
			}
		}
	}

	private JsonNode health(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		return JsonMapper.builder().build().readTree(response.body());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
