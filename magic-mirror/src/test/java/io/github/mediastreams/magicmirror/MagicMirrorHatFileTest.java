package io.github.mediastreams.magicmirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServerConnection;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * magic-mirror as Compose runs it: the media server has the hat as a file of its own (magic-mirror.hat-path), so it
 * is given that path, reads it at once and downloads nothing; the start-up check says what the app cannot check.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "magic-mirror.hat-path=/opt/media-streams/hat.png",
				// A URL nothing serves: were it used, or checked, it would fail.
				"magic-mirror.hat-url=https://127.0.0.1:1/img/hat.png" })
@ExtendWith(OutputCaptureExtension.class)
class MagicMirrorHatFileTest {

	static final Duration WAIT = Duration.ofSeconds(30);

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
	MediaServerConnection mediaServer;

	@Test
	void theMediaServerIsGivenItsOwnFileAndTheCheckSaysWhatItCannotSee(CapturedOutput output) {
		await().atMost(WAIT).until(this.mediaServer::isReachable);
		try (SignallingClient browser = SignallingClient
			.connect(URI.create("wss://localhost:" + this.port + "/magicmirror"))) {
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse", WAIT);

			List<String> filters = kms.liveObjectIds("FaceOverlayFilter");
			assertThat(filters).hasSize(1);
			assertThat(kms.object(filters.get(0)).overlayedImage()).containsEntry("uri", "/opt/media-streams/hat.png");
		}
		assertThat(output.getOut()).contains("INFO")
			.contains("The media server loads the hat from its own file /opt/media-streams/hat.png")
			.doesNotContain("Cannot fetch the hat");
	}
}
