package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.SpringBootTest;

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

}
