package io.github.mediastreams.signalling.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import jakarta.websocket.server.ServerEndpointConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

import io.github.mediastreams.signalling.browser.BrowserTransport;
import io.github.mediastreams.signalling.protocol.MessageCodec;
import io.github.mediastreams.signalling.session.MediaSessions;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The library's sessions behind a plain Jakarta WebSocket endpoint, registered with the container itself (the
 * embedded Tomcat's {@code ServerContainer}), not through Spring's WebSocket support.
 */
@SpringBootTest(classes = { SignallingTestApplication.class, JakartaSignallingEndpointTest.JakartaEndpoint.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"media-streams.tls.self-signed=false", "server.ssl.enabled=false" })
class JakartaSignallingEndpointTest {

	static final KmsDouble kms = KmsDouble.start();

	@DynamicPropertySource
	static void mediaServer(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
	}

	@AfterAll
	static void closeKms() {
		kms.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	MediaSessions sessions;

	@Test
	void aPlainJakartaEndpointRunsTheSameSessions() {
		try (SignallingClient browser = SignallingClient
			.connect(URI.create("ws://localhost:" + this.port + "/jakarta/helloworld"))) {
			browser.sendText("{\"id\":42}");
			assertThat(browser.await("error").path("message").asString()).isEqualTo("The message 'id' must be a string");
			browser.sendBinary(new byte[] { 1 });
			assertThat(browser.await("error").path("message").asString())
				.isEqualTo("Binary messages are not supported; send JSON text");

			browser.iceCandidate("candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host", "0", 0);
			browser.start(SignallingClient.chromiumOffer());
			assertThat(browser.await("startResponse").path("sdpAnswer").asString()).startsWith("v=0");
			browser.await("iceCandidate");
			assertThat(kms.iceCandidatesReceived(kms.liveObjectIds("WebRtcEndpoint").get(0)))
				.containsExactly("candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host");
			assertThat(this.sessions.size()).isEqualTo(1);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> kms.liveObjectCount() == 0 && this.sessions.size() == 0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class JakartaEndpoint {

		@Bean
		ServerEndpointExporter serverEndpointExporter() {
			return new ServerEndpointExporter();
		}

		@Bean
		ServerEndpointConfig jakartaSignalling(MediaSessions sessions, BrowserTransport transport) {
			return ServerEndpointConfig.Builder.create(JakartaSignallingEndpoint.class, "/jakarta/helloworld")
				.configurator(new ServerEndpointConfig.Configurator() {
					@Override
					public <T> T getEndpointInstance(Class<T> type) {
						return type.cast(new JakartaSignallingEndpoint(sessions, new MessageCodec(), 64 * 1024, transport));
					}
				})
				.build();
		}
	}
}
