package io.github.mediastreams.magicmirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.net.ssl.SSLContext;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * Drives magic-mirror over its secure WebSocket as a browser would, against the KMS double. APP_SERVER_HOST and
 * APP_SERVER_PORT name a port nothing listens on, as a misconfigured deployment would: the hat URL is built from
 * them, and the start-up check must say it cannot be fetched.
 */
// Its own KMS double: close the context with it, so that it does not keep reconnecting to a closed double.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				"APP_SERVER_HOST=127.0.0.1", "APP_SERVER_PORT=1" })
@ExtendWith(OutputCaptureExtension.class)
class MagicMirrorSignallingTest {

	/** How long anything may take: long, because the machines that run these tests can be very busy. */
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
	MediaServers mediaServers;

	@BeforeEach
	void cleanKmsAndWaitForTheApp() {
		kms.reset(true);
		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(this.mediaServers::isReachable);
	}

	@Test
	void theBrowsersVideoGoesThroughTheHatFilterAndBack() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			assertThat(browser.await("startResponse", WAIT).path("sdpAnswer").asString()).startsWith("v=0");

			String endpoint = single("WebRtcEndpoint");
			String filter = single("FaceOverlayFilter");
			assertThat(kms.object(filter).qualifiedType()).isEqualTo("kurento.FaceOverlayFilter");
			assertThat(kms.object(filter).parentId()).isEqualTo(kms.object(endpoint).parentId());
			assertThat(kms.object(endpoint).sinkIds()).as("browser → filter").containsExactly(filter);
			assertThat(kms.object(filter).sinkIds()).as("filter → browser").containsExactly(endpoint);
			assertThat(kms.liveObjectCount()).as("pipeline, endpoint, filter").isEqualTo(3);
		}
	}

	@Test
	void theHatIsThisAppsOwnImageAtTheTutorialsOffsets() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse", WAIT);

			Map<String, Object> hat = kms.object(single("FaceOverlayFilter")).overlayedImage();
			// Built from APP_SERVER_HOST and APP_SERVER_PORT: the address KMS reaches the app at.
			assertThat(hat).containsEntry("uri", "https://127.0.0.1:1/img/hat.png");
			assertThat(((Number) hat.get("offsetXPercent")).doubleValue()).isEqualTo(-0.35);
			assertThat(((Number) hat.get("offsetYPercent")).doubleValue()).isEqualTo(-1.2);
			assertThat(((Number) hat.get("widthPercent")).doubleValue()).isEqualTo(1.6);
			assertThat(((Number) hat.get("heightPercent")).doubleValue()).isEqualTo(1.6);
		}
	}

	@Test
	void stopLeavesNoMediaObjects() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse", WAIT);
			assertThat(kms.liveObjectCount()).isEqualTo(3);

			browser.stop();

			await().atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
		}
	}

	@Test
	void closingThePageLeavesNoMediaObjects() {
		SignallingClient browser = browser();
		browser.start(SignallingClient.chromiumOffer());
		browser.await("startResponse", WAIT);

		browser.close();

		await().atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
	}

	@Test
	void theAppServesItsHatAsATransparentPng() throws Exception {
		HttpResponse<byte[]> response = insecureClient().send(
				HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/img/hat.png")).build(),
				HttpResponse.BodyHandlers.ofByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
		BufferedImage hat = ImageIO.read(new ByteArrayInputStream(response.body()));
		assertThat(hat.getColorModel().hasAlpha()).isTrue();
		assertThat(hat.getRGB(0, hat.getHeight() - 1) >>> 24).as("the part over the face is transparent").isZero();
		assertThat(hat.getRGB(hat.getWidth() / 2, hat.getHeight() / 2) >>> 24).as("the crown is opaque").isEqualTo(255);
	}

	@Test
	void theHatCheckFetchesLikeKmsAcceptingTheSelfSignedCertificateUnderAnyName() {
		assertThat(MagicMirrorApplication.hatProblem(URI.create("https://localhost:" + this.port + "/img/hat.png")))
			.isEmpty();
		// 127.0.0.2 is loopback too, but the certificate does not name it: KMS does not care, nor does the check.
		assertThat(MagicMirrorApplication.hatProblem(URI.create("https://127.0.0.2:" + this.port + "/img/hat.png")))
			.isEmpty();
	}

	@Test
	void theHatCheckReportsUrlsKmsCouldNotFetch() {
		assertThat(MagicMirrorApplication.hatProblem(URI.create("https://localhost:" + this.port + "/img/no-hat.png")))
			.hasValue("HTTP 404");
		assertThat(MagicMirrorApplication.hatProblem(URI.create("https://127.0.0.1:1/img/hat.png")))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("Connection refused"));
		assertThat(MagicMirrorApplication.hatProblem(URI.create("http://localhost:" + this.port + "/img/hat.png")))
			.as("plain HTTP to the HTTPS port").isPresent();
	}

	@Test
	void aHatUrlTheAppCannotFetchIsWarnedAboutAtStartup(CapturedOutput output) {
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(output.getOut())
				.contains("WARN")
				.contains("Cannot fetch the hat at https://127.0.0.1:1/img/hat.png")
				.contains("APP_SERVER_HOST"));
	}

	/**
	 * As Compose runs it: the media server has the hat as a file of its own, so it is given that path, reads it at
	 * once and downloads nothing (the URL of the enclosing tests, which nothing serves, is not used, nor checked);
	 * the start-up check says what the app cannot check.
	 */
	@Nested
	@TestPropertySource(properties = "magic-mirror.hat-path=/opt/media-streams/hat.png")
	class WithTheHatAsAFileOfTheMediaServer {

		@Test
		void theMediaServerIsGivenItsOwnFileAndTheCheckSaysWhatItCannotSee(CapturedOutput output) {
			try (SignallingClient browser = browser()) {
				browser.start(SignallingClient.chromiumOffer());
				browser.await("startResponse", WAIT);

				assertThat(kms.object(single("FaceOverlayFilter")).overlayedImage()).containsEntry("uri",
						"/opt/media-streams/hat.png");
			}
			// (The output holds the enclosing context's WARN about its URL as well.)
			assertThat(output.getOut()).contains("INFO")
				.contains("The media server loads the hat from its own file /opt/media-streams/hat.png");
		}
	}

	private SignallingClient browser() {
		return SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/magicmirror"));
	}

	private static HttpClient insecureClient() throws Exception {
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
		return HttpClient.newBuilder().sslContext(tls).build();
	}

	private static String single(String type) {
		List<String> ids = kms.liveObjectIds(type);
		assertThat(ids).as("live %s objects", type).hasSize(1);
		return ids.get(0);
	}

}
