package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.chattyapp.ChattyTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * Browsers that stop reading must not stall anyone else's session: sends to browsers never run on the threads
 * that do the sessions' media server work, and never block. 70 browsers that read nothing (more than the 64
 * threads of that work) each have a 256 KB event on its way when another browser starts.
 */
@SpringBootTest(classes = ChattyTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.threads=64",
				"media-streams.signalling.max-connections-per-address=200" })
class SlowBrowsersTest extends AppUnderTest {

	@Test
	void seventyBrowsersThatNeverReadDoNotDelayAnotherBrowsersStart() {
		awaitMediaServer();
		kms.reset(true);
		List<RawBrowser> stuck = new ArrayList<>();
		try {
			for (int i = 0; i < 70; i++) {
				RawBrowser browser = RawBrowser.connect(this.port, "/signalling");
				browser.send("{\"id\":\"start\",\"sdpOffer\":" + BrowserLivenessTest.json(OFFER) + "}");
				stuck.add(browser);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> kms.liveObjectCount("MediaPipeline") == 70);

			try (SignallingClient other = browser()) {
				long asked = System.nanoTime();
				other.start(OFFER);
				other.await("startResponse");
				Duration took = Duration.ofNanos(System.nanoTime() - asked);

				assertThat(took).as("another browser's start").isLessThan(Duration.ofSeconds(1));
				assertThat(other.await("blob").path("data").asString()).hasSize(ChattyTestApplication.BLOB.length());
			}
		}
		finally {
			stuck.forEach(RawBrowser::close);
		}
		awaitNothingLeft();
	}
}
