package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.ExercisePageTest;
import io.github.mediastreams.browser.HeadlessChromium;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The plate-detector page in headless Chromium (fake camera) over HTTPS, against the KMS double,
 * or against the real Kurento Media Server named by {@code KMS_URL}: then the remote video must
 * play, and the checks only the double can make (its request log, firing a PlateDetected event,
 * stopping it) are skipped: the fake camera shows no plate. The tests are
 * {@link ExercisePageTest}'s, with the plate list's checks added.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "context-broker.plate-repeat-interval=1h")
class PlateDetectorBrowserTest extends ExercisePageTest {

	@Override
	protected void startedOnTheDouble(HeadlessChromium browser, KmsDouble kms) {
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

	private static List<WebElement> plates(HeadlessChromium browser) {
		return browser.driver().findElements(By.cssSelector("#plates li"));
	}

}
