package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.EachBrowser;
import io.github.mediastreams.browser.ExercisePageTest;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The plate-detector page in headless Chromium and Firefox (fake camera) over HTTPS, against the KMS double,
 * or against the real Kurento Media Server named by {@code KMS_URL}: then the remote video must
 * play, and the checks only the double can make (its request log, firing a PlateDetected event,
 * stopping it) are skipped: the fake camera shows no plate. The tests are
 * {@link ExercisePageTest}'s, with the plate list's checks added.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "context-broker.plate-repeat-interval=1h")
class PlateDetectorBrowserTest extends ExercisePageTest {

	@Override
	protected void startedOnTheDouble(HeadlessBrowser browser, KmsDouble kms) {
		// A plate in view is reported frame after frame, as KMS does: fire until the page lists it. (An
		// event that reaches kurento-client before it has registered the filter is dropped by it.)
		String filter = single(kms.liveObjectIds("PlateDetectorFilter"));
		browser.awaitTrue("the plate listed", () -> {
			if (!browser.texts("#plates li").isEmpty()) {
				return true;
			}
			kms.firePlateDetected(filter, "--2748DKR");
			return false;
		});
		assertThat(browser.texts("#plates li")).as("a plate seen again and again is listed once").hasSize(1);
		assertThat(browser.texts("#plates li .event-text")).containsExactly("--2748DKR");
		assertThat(browser.text("#plates li time")).as("local time of the detection")
			.matches(".*\\d{1,2}:\\d{2}:\\d{2}.*");
		assertThat(browser.attributes("#plates li time", "datetime")).singleElement().asString().isNotBlank();
	}

	/**
	 * The sample plate: with the switch on, what is sent is the canvas's stream, not the camera's (the video sender's
	 * track is the local video's, a canvas capture, 640x480, with no microphone), the number shown beside the switch
	 * is a valid Spanish plate, and each start draws a new one.
	 */
	@EachBrowser
	@Order(3)
	void theSamplePlateIsSentInsteadOfTheCamera(HeadlessBrowser browser) {
		KmsDouble kms = kms();
		browser.open(page());
		browser.awaitState("idle");
		assertThat(browser.text("#sample-plate-number")).as("no number before a start").isEmpty();
		browser.click("#sample-plate");
		browser.click("#start");
		browser.awaitState("started");

		String first = browser.text("#sample-plate-number");
		assertThat(first).as("a Spanish plate: 4 digits, 3 consonants without Ñ or Q")
			.matches("\\d{4} [BCDFGHJKLMNPRSTVWXYZ]{3}");
		assertThat(browser.script(SENT_TRACK_IS_THE_CANVAS)).as("what is sent").isEqualTo("the sample plate's canvas");
		assertThat(browser.diagnostics().audio()).as("no microphone with the sample plate").isFalse();
		assertThat(browser.isEnabled("#sample-plate")).as("the switch waits for the session to end").isFalse();
		browser.awaitPlaying("#videoInput", Duration.ofSeconds(10));
		assertThat(browser.video("#videoInput").videoWidth()).isEqualTo(640);
		if (kms != null) {
			// What a real KMS 7.3 reported for such a plate: two unread characters, then the number.
			String filter = single(kms.liveObjectIds("PlateDetectorFilter"));
			String read = "--" + first.replace(" ", "");
			browser.awaitTrue("the plate listed", () -> {
				if (!browser.texts("#plates li").isEmpty()) {
					return true;
				}
				kms.firePlateDetected(filter, read);
				return false;
			});
			assertThat(browser.texts("#plates li .event-text")).containsExactly(read);
			browser.awaitTrue("two call-quality readings", () -> browser.diagnostics().callStatsReadings() >= 2);
		}
		// From the switch down: the plate sent, the call's quality and the plate listed.
		browser.script("document.querySelector('.sample-plate').scrollIntoView();");
		browser.screenshot(app() + "-sample-plate-" + browser.browser().id());

		browser.click("#stop");
		browser.awaitState("stopped");
		assertThat(browser.isEnabled("#sample-plate")).isTrue();
		browser.click("#start");
		browser.awaitState("started");
		assertThat(browser.text("#sample-plate-number")).as("a new number at each start")
			.matches("\\d{4} [BCDFGHJKLMNPRSTVWXYZ]{3}").isNotEqualTo(first);
		assertThat(browser.script(SENT_TRACK_IS_THE_CANVAS)).isEqualTo("the sample plate's canvas");
		browser.click("#stop");
		browser.awaitState("stopped");
		assertServedWithItsSecurityHeadersAndNothingBlocked(browser);
		assertThat(browser.consoleErrors()).isEmpty();
	}

	/**
	 * Whether the video sender's track is the local video's and a canvas's capture (Chromium: the track's
	 * {@code canvas}; Firefox: the stream's).
	 */
	private static final String SENT_TRACK_IS_THE_CANVAS = """
			const sender = mediaSession.peerConnection.getSenders().find((s) => s.track?.kind === 'video');
			const local = document.querySelector('#videoInput').srcObject;
			if (!sender || !local || local.getVideoTracks()[0] !== sender.track) return 'not the local video';
			const canvas = sender.track.canvas ?? local.canvas;
			if (!(canvas instanceof HTMLCanvasElement)) return 'not a canvas: ' + sender.track.label;
			return canvas.width === 640 && canvas.height === 480 ? "the sample plate's canvas" : 'another canvas';
			""";

}
