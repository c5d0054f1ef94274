package io.github.mediastreams.helloworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.ReceivedIceCandidate;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;

/** Drives hello-world over its secure WebSocket as a browser would, against the KMS double. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls",
				"media-streams.signalling.min-start-interval=0s" })
class HelloWorldSignallingTest {

	static final KmsDouble kms = KmsDouble.start();

	@DynamicPropertySource
	static void mediaServer(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
	}

	@LocalServerPort
	int port;

	@AfterAll
	static void closeKms() {
		kms.close();
	}

	@Autowired
	MediaServers mediaServers;

	@BeforeEach
	void cleanKmsAndWaitForTheApp() {
		kms.reset(true);
		// A test that stopped the double leaves the app reconnecting; the next test starts once it is back.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(this.mediaServers::isReachable);
	}

	@Test
	void startAnswersTheOfferAndTricklesTheServersCandidates() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());

			JsonNode answer = browser.await("startResponse").path("sdpAnswer");
			assertThat(answer.asString()).startsWith("v=0").contains("a=mid:0", "a=mid:1", "a=ice-ufrag:");
			JsonNode candidate = browser.await("iceCandidate").path("candidate");
			assertThat(candidate.path("candidate").asString()).startsWith("candidate:");
			assertThat(candidate.path("sdpMid").asString()).isIn("0", "1");
			assertThat(candidate.path("sdpMLineIndex").isInt()).isTrue();

			String endpoint = single("WebRtcEndpoint");
			assertThat(kms.object(endpoint).sinkIds()).as("loopback: the endpoint feeds itself").containsExactly(endpoint);
			assertThat(kms.object(endpoint).remoteSessionDescriptor()).isEqualTo(SignallingClient.chromiumOffer());
		}
	}

	@Test
	void candidatesSentBeforeStartReachTheEndpointInOrder() {
		List<String> lines = List.of("candidate:1 1 udp 2122260223 192.168.1.10 50000 typ host",
				"candidate:2 1 udp 2122194687 10.0.0.5 50001 typ host",
				"candidate:3 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active");
		try (SignallingClient browser = browser()) {
			for (String line : lines) {
				browser.iceCandidate(line, "0", 0);
			}
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse");

			List<String> received = kms.object(single("WebRtcEndpoint"))
				.iceCandidates()
				.stream()
				.map(ReceivedIceCandidate::candidate)
				.toList();
			assertThat(received).containsExactlyElementsOf(lines);
		}
	}

	@Test
	void candidatesAfterStartReachTheEndpoint() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse");
			browser.iceCandidate("candidate:9 1 udp 2122260223 192.168.1.10 50009 typ host", "1", 1);

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(kms.object(single("WebRtcEndpoint")).iceCandidates())
					.extracting(ReceivedIceCandidate::candidate)
					.containsExactly("candidate:9 1 udp 2122260223 192.168.1.10 50009 typ host"));
		}
	}

	@Test
	void stopLeavesNoMediaObjects() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse");
			assertThat(kms.liveObjectCount()).isEqualTo(2);

			browser.stop();

			await().atMost(Duration.ofSeconds(5)).until(() -> kms.liveObjectCount() == 0);
		}
	}

	@Test
	void closingTheConnectionWithoutStopLeavesNoMediaObjects() {
		SignallingClient browser = browser();
		browser.start(SignallingClient.chromiumOffer());
		browser.await("startResponse");
		assertThat(kms.liveObjectCount()).isEqualTo(2);

		browser.close();

		await().atMost(Duration.ofSeconds(5)).until(() -> kms.liveObjectCount() == 0);
	}

	@Test
	void aSecondStartReplacesTheFirstSession() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse");
			String first = single("MediaPipeline");

			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse");

			await().atMost(Duration.ofSeconds(5)).until(() -> kms.liveObjectCount() == 2);
			assertThat(single("MediaPipeline")).isNotEqualTo(first);
			assertThat(kms.liveObjectCount("WebRtcEndpoint")).isEqualTo(1);
		}
	}

	@Test
	void startWhileTheMediaServerIsDownGetsAnErrorAndWorksWhenItIsBack() {
		try (SignallingClient browser = browser()) {
			kms.stop();
			try {
				browser.start(SignallingClient.chromiumOffer());
				// Whether the app has noticed the loss yet or not, the browser hears why, in words.
				assertThat(browser.await("error").path("message").asString()).isIn(
						"The media server is not reachable; try again in a moment",
						"The connection to the media server was lost; start again");
			}
			finally {
				kms.restart();
			}

			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				browser.start(SignallingClient.chromiumOffer());
				JsonNode reply = browser.await((m) -> m.path("id").asString().matches("startResponse|error"),
						"a startResponse or an error", Duration.ofSeconds(10));
				assertThat(reply.path("id").asString()).isEqualTo("startResponse");
			});
			assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);
		}
	}

	private SignallingClient browser() {
		return SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/helloworld"));
	}

	private static String single(String type) {
		List<String> ids = kms.liveObjectIds(type);
		assertThat(ids).as("live %s objects", type).hasSize(1);
		return ids.get(0);
	}

}
