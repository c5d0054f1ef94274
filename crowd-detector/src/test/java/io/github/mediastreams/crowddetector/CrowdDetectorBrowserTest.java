package io.github.mediastreams.crowddetector;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.ExercisePageTest;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The crowd-detector page in headless Chromium and Firefox (fake camera) over HTTPS, against the KMS double or the real Kurento
 * Media Server named by {@code KMS_URL}. The tests are {@link ExercisePageTest}'s, with the events list's checks
 * added: each change of a region's level fired on the double is listed, newest first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrowdDetectorBrowserTest extends ExercisePageTest {

	@Override
	protected void startedOnTheDouble(HeadlessBrowser browser, KmsDouble kms) {
		String filter = single(kms.liveObjectIds("CrowdDetectorFilter"));
		browser.awaitTrue("the application listens to CrowdDetectorOccupancy",
				() -> kms.fireCrowdOccupancy(filter, "roi0", 11.88259506225586, 1) > 0);
		browser.awaitTrue("the occupancy listed", () -> browser.texts("#crowd li").size() == 1);
		kms.fireCrowdFluidity(filter, "roi0", 29, 2);
		browser.awaitTrue("the fluidity listed", () -> browser.texts("#crowd li").size() == 2);

		assertThat(browser.texts("#crowd li .event-text")).containsExactly("roi0: fluidity level 2 (29 %)",
				"roi0: occupancy level 1 (12 %)");
		assertThat(browser.attributes("#crowd li time", "datetime")).hasSize(2).allSatisfy((t) -> assertThat(t).isNotBlank());
	}
}
