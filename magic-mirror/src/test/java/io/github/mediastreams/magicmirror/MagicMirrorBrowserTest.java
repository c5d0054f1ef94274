package io.github.mediastreams.magicmirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.ExercisePageTest;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The magic-mirror page in headless Chromium and Firefox (fake camera) over HTTPS, against the KMS double,
 * or against the real Kurento Media Server named by {@code KMS_URL}: then the remote video must
 * play and differ from the local one, and the checks only the double can make (its request log,
 * its objects, stopping it) are skipped. The tests are {@link ExercisePageTest}'s, with the hat
 * filter's checks added.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MagicMirrorBrowserTest extends ExercisePageTest {

	@Override
	protected void startedOnTheDouble(HeadlessBrowser browser, KmsDouble kms) {
		assertThat(kms.liveObjectIds("FaceOverlayFilter")).as("the hat filter is in the pipeline").hasSize(1);
		assertThat(kms.requests("setOverlayedImage")).as("the hat image is set").isNotEmpty();
	}

	@Override
	protected void startedOnTheMediaServer(HeadlessBrowser browser) {
		// The fake camera shows no face, so no hat is drawn: the frames differ by the filter's
		// re-encoding and the loop's delay (the clock in the picture), not by a hat.
		browser.awaitTrue("remote frames differ from local ones",
				() -> browser.frameDifference("#videoInput", "#videoOutput") > 1.0);
	}

}
