package io.github.mediastreams.crowddetector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.browser.ChromiumExtension;
import io.github.mediastreams.browser.HeadlessChromium;
import io.github.mediastreams.testkit.KmsDouble;

/** The crowd-detector page in headless Chromium (fake camera) over HTTPS, against the KMS double. */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s" })
@ExtendWith(ChromiumExtension.class)
class CrowdDetectorBrowserTest {

	static final KmsDouble kms = KmsDouble.start();

	@DynamicPropertySource
	static void mediaServer(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
	}

	@LocalServerPort
	int port;

	@BeforeAll
	static void needsChromium() {
		HeadlessChromium.assumeInstalled();
	}

	@AfterAll
	static void closeKms() {
		kms.close();
	}

	@Test
	void eachChangeOfARegionsLevelIsListedAndStopReleasesEverything(HeadlessChromium browser) {
		browser.open("https://localhost:" + this.port + "/");
		browser.awaitState("idle");
		browser.click("#start");
		browser.awaitState("started");

		String filter = kms.liveObjectIds("CrowdDetectorFilter").get(0);
		browser.awaitTrue("the application listens to CrowdDetectorOccupancy",
				() -> kms.fireCrowdOccupancy(filter, "roi0", 11.88259506225586, 1) > 0);
		browser.awaitTrue("the occupancy listed", () -> entries(browser).size() == 1);
		kms.fireCrowdFluidity(filter, "roi0", 29, 2);
		browser.awaitTrue("the fluidity listed", () -> entries(browser).size() == 2);

		List<WebElement> entries = entries(browser);
		// Newest first.
		assertThat(entries.get(0).findElement(By.cssSelector(".event-text")).getText())
			.isEqualTo("roi0: fluidity level 2 (29 %)");
		assertThat(entries.get(1).findElement(By.cssSelector(".event-text")).getText())
			.isEqualTo("roi0: occupancy level 1 (12 %)");
		assertThat(entries.get(1).findElement(By.tagName("time")).getAttribute("datetime")).isNotBlank();
		browser.screenshot("crowd-detector-started");

		browser.click("#stop");
		browser.awaitState("stopped");
		assertThat(browser.errorText()).isEmpty();
		browser.awaitTrue("no media object left on the media server", () -> kms.liveObjectCount() == 0);
		assertThat(browser.consoleErrors()).isEmpty();
	}

	private static List<WebElement> entries(HeadlessChromium browser) {
		return browser.driver().findElements(By.cssSelector("#crowd li"));
	}

}
