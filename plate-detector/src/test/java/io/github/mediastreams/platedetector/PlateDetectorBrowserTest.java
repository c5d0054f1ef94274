package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.browser.ChromiumExtension;
import io.github.mediastreams.browser.HeadlessChromium;
import io.github.mediastreams.browser.MediaDiagnostics;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.RecordedRequest;

/**
 * The plate-detector page in headless Chromium (fake camera) over HTTPS, against the KMS double,
 * or against the real Kurento Media Server named by {@code KMS_URL}: then the remote video must
 * play, and the checks only the double can make (its request log, firing a PlateDetected event,
 * stopping it) are skipped: the fake camera shows no plate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls",
				"media-streams.signalling.min-start-interval=0s",
				"context-broker.plate-repeat-interval=1h" })
@ExtendWith(ChromiumExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlateDetectorBrowserTest {

	/** A real media server when the environment names one; the tests then use it instead of the double. */
	static final String REAL_KMS = blankToNull(System.getenv("KMS_URL"));

	static final KmsDouble kms = REAL_KMS == null ? KmsDouble.start() : null;

	@DynamicPropertySource
	static void mediaServer(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", () -> REAL_KMS != null ? REAL_KMS : kms.uri());
	}

	@LocalServerPort
	int port;

	@BeforeAll
	static void needsChromium() {
		HeadlessChromium.assumeInstalled();
	}

	@AfterAll
	static void closeKms() {
		if (kms != null) {
			kms.close();
		}
	}

	@BeforeEach
	void cleanKms() {
		if (kms != null) {
			kms.reset(true);
		}
	}

	@Test
	@Order(1)
	void startNegotiatesThroughTheMediaServerAndStopReleasesEverything(HeadlessChromium browser) {
		browser.open(page());
		browser.awaitState("idle");

		browser.click("#start");
		browser.awaitState("started");

		MediaDiagnostics started = browser.diagnostics();
		assertThat(started.offerSent()).as("offer sent").isTrue();
		assertThat(started.answerApplied()).as("answer applied").isTrue();
		assertThat(started.signalingState()).isEqualTo("stable");
		browser.awaitTrue("the browser's ICE candidates sent", () -> browser.diagnostics().localCandidatesSent() > 0);
		browser.awaitTrue("the media server's ICE candidates added",
				() -> browser.diagnostics().remoteCandidatesAdded() > 0);

		if (kms != null) {
			String offer = single(kms.requests("processOffer")).operationParams().get("offer").toString();
			String pageOffer = browser.script("return mediaSession.peerConnection.localDescription.sdp").toString();
			assertThat(offer).as("the offer processed by the media server is Chromium's")
				.contains("m=audio", "m=video", "a=sendrecv")
				.contains("a=ice-ufrag:" + iceUfrag(pageOffer));
			String endpoint = single(kms.liveObjectIds("WebRtcEndpoint"));
			browser.awaitTrue("the browser's ICE candidates reach the endpoint",
					() -> !kms.iceCandidatesReceived(endpoint).isEmpty());
			assertThat(kms.iceCandidatesReceived(endpoint)).allSatisfy((c) -> assertThat(c).startsWith("candidate:"));

			// A plate in view is reported frame after frame, as KMS does: fire until the page lists it. (An
			// event that reaches kurento-client before it has registered the filter is dropped by it.)
			String filter = single(kms.liveObjectIds("PlateDetectorFilter"));
			browser.awaitTrue("the plate listed", () -> {
				if (!plates(browser).isEmpty()) {
					return true;
				}
				kms.firePlateDetected(filter, "--2748DKR");
				return false;
			});
			List<WebElement> plates = plates(browser);
			assertThat(plates).as("a plate seen again and again is listed once").hasSize(1);
			assertThat(plates.get(0).findElement(By.cssSelector(".event-text")).getText()).isEqualTo("--2748DKR");
			WebElement time = plates.get(0).findElement(By.tagName("time"));
			assertThat(time.getText()).as("local time of the detection").matches(".*\\d{1,2}:\\d{2}:\\d{2}.*");
			assertThat(time.getAttribute("datetime")).isNotBlank();
		}
		else {
			browser.awaitPlaying("#videoOutput", Duration.ofSeconds(30));
		}
		browser.awaitPlaying("#videoInput", Duration.ofSeconds(10));
		browser.screenshot("plate-detector-started");

		browser.click("#stop");
		browser.awaitState("stopped");

		MediaDiagnostics stopped = browser.diagnostics();
		assertThat(stopped.stateHistory()).containsExactly("idle", "starting", "started", "stopped");
		assertThat(stopped.lastError()).isNull();
		assertThat(browser.errorText()).isEmpty();
		assertThat(browser.video("#videoInput").hasStream()).isFalse();
		assertThat(browser.video("#videoOutput").hasStream()).isFalse();
		if (kms != null) {
			browser.awaitTrue("no media object left on the media server", () -> kms.liveObjectCount() == 0);
		}
		assertThat(browser.consoleErrors()).isEmpty();
	}

	@Test
	@Order(2)
	void startWhileTheMediaServerIsDownShowsTheError(HeadlessChromium browser) {
		assumeTrue(kms != null, "needs the KMS double: a real media server cannot be stopped by the test");
		browser.open(page());
		browser.awaitState("idle");
		kms.stop();
		try {
			browser.click("#start");
			browser.awaitState("stopped");

			assertThat(browser.errorText()).isEqualTo("The media server is not reachable; try again in a moment");
			assertThat(browser.diagnostics().stateHistory()).containsExactly("idle", "starting", "stopped");
			assertThat(browser.find("#start").isEnabled()).as("start can be pressed again").isTrue();
			browser.screenshot("plate-detector-media-server-down");
		}
		finally {
			kms.restart();
		}
	}

	private String page() {
		return "https://localhost:" + this.port + "/";
	}

	private static List<WebElement> plates(HeadlessChromium browser) {
		return browser.driver().findElements(By.cssSelector("#plates li"));
	}

	private static String iceUfrag(String sdp) {
		Matcher matcher = Pattern.compile("a=ice-ufrag:(\\S+)").matcher(sdp);
		assertThat(matcher.find()).as("ice-ufrag in %s", sdp).isTrue();
		return matcher.group(1);
	}

	private static <T> T single(List<T> items) {
		assertThat(items).hasSize(1);
		return items.get(0);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
