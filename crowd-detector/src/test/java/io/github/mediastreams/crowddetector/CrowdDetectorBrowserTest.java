package io.github.mediastreams.crowddetector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.ExercisePageTest;
import io.github.mediastreams.browser.HeadlessChromium;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The crowd-detector page in headless Chromium (fake camera) over HTTPS, against the KMS double or the real Kurento
 * Media Server named by {@code KMS_URL}. The tests are {@link ExercisePageTest}'s, with the events list's checks
 * added: each change of a region's level fired on the double is listed, newest first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrowdDetectorBrowserTest extends ExercisePageTest {

	@Override
	protected void startedOnTheDouble(HeadlessChromium browser, KmsDouble kms) {
		String filter = single(kms.liveObjectIds("CrowdDetectorFilter"));
		browser.awaitTrue("the application listens to CrowdDetectorOccupancy",
				() -> kms.fireCrowdOccupancy(filter, "roi0", 11.88259506225586, 1) > 0);
		browser.awaitTrue("the occupancy listed", () -> entries(browser).size() == 1);
		kms.fireCrowdFluidity(filter, "roi0", 29, 2);
		browser.awaitTrue("the fluidity listed", () -> entries(browser).size() == 2);

		List<WebElement> entries = entries(browser);
		assertThat(entries.get(0).findElement(By.cssSelector(".event-text")).getText())
			.isEqualTo("roi0: fluidity level 2 (29 %)");
		assertThat(entries.get(1).findElement(By.cssSelector(".event-text")).getText())
			.isEqualTo("roi0: occupancy level 1 (12 %)");
		assertThat(entries.get(1).findElement(By.tagName("time")).getAttribute("datetime")).isNotBlank();
	}

	private static List<WebElement> entries(HeadlessChromium browser) {
		return browser.driver().findElements(By.cssSelector("#crowd li"));
	}
}
