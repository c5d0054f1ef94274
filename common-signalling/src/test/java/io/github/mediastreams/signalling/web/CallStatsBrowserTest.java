package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.Browser;
import io.github.mediastreams.browser.EachBrowser;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;

/**
 * The call-quality panel ({@code /js/call-stats.js}) on a call where media really flows, in Chromium and Firefox:
 * the fake camera sent between two peer connections of one page (served with the app's headers) over host
 * candidates, as no media server is at hand. Each browser runs in a network namespace of its own, whose addresses
 * are 127.0.0.1 and 198.18.0.x ({@link Browser#CHROMIUM_NETNS}, {@link Browser#FIREFOX_NETNS}): on the machine
 * itself Chromium would gather on its interfaces too, and Firefox, which gathers nothing on loopback, on them only.
 * The pages' tests against the KMS double can only show what is sent before ICE connects, which is nothing: the
 * double's candidates lead nowhere.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "media-streams.signalling.path=/signalling")
class CallStatsBrowserTest extends AppUnderTest {

	@EachBrowser({ Browser.CHROMIUM_NETNS, Browser.FIREFOX_NETNS })
	void thePanelShowsWhatFlowsBothWaysOnAConnectedCall(HeadlessBrowser browser) {
		browser.open("https://localhost:" + this.port + "/call-stats.html");
		browser.awaitTrue("video sent and received for two readings", Duration.ofSeconds(30), () -> {
			Map<?, ?> stats = stats(browser);
			return stats != null && number(stats, "sent", "bitrate") > 0 && number(stats, "received", "bitrate") > 0
					&& number(stats, "received", "frames") > 0 && ((Number) browser.script("return window.callStatsReadings")).intValue() >= 3;
		});
		browser.awaitPlaying("#echo", Duration.ofSeconds(10));
		Map<?, ?> stats = stats(browser);

		assertThat(number(stats, "sent", "framesPerSecond")).as("frames per second sent").isPositive();
		assertThat(number(stats, "sent", "width")).isPositive();
		assertThat(number(stats, "received", "height")).isPositive();
		assertThat(part(stats, "sent").get("codec")).isNotNull();
		// The remote side is host, or peer-reflexive when its checks arrive before its candidate does.
		assertThat(stats.get("candidatePair")).asString().contains("local=host", "protocol=udp")
			.containsPattern("remote=(host|prflx)");
		assertThat(browser.text("[data-stat='sent.bitrate']")).matches("\\d+(\\.\\d+)? [kM]bit/s").isNotEqualTo("0 kbit/s");
		assertThat(browser.text("[data-stat='received.bitrate']")).isNotEqualTo("0 kbit/s");
		assertThat(browser.text("[data-stat='sent.resolution']")).matches("\\d+×\\d+");
		assertThat(browser.text("[data-stat='candidatePair']")).matches("host ↔ (host|prflx), UDP");
		assertThat(browser.text("[data-stat='roundTripTime']")).matches("\\d+(\\.\\d+)? ms");
		assertThat((List<?>) browser.script("return window.loopbackCandidates")).as("every candidate gathered")
			.isNotEmpty()
			.allSatisfy((candidate) -> assertThat(candidate).asString()
				.containsPattern(" (127\\.0\\.0\\.1|198\\.18\\.0\\.[12]) \\d+ typ host"));
		assertThat(browser.contentSecurityPolicyViolations()).isEmpty();
		assertThat(browser.consoleErrors()).isEmpty();
		browser.screenshot("call-stats-loopback-" + browser.browser().id());
	}

	private static Map<?, ?> stats(HeadlessBrowser browser) {
		return (Map<?, ?>) browser.script("return window.callStats ?? null");
	}

	private static Map<?, ?> part(Map<?, ?> stats, String direction) {
		return (Map<?, ?>) stats.get(direction);
	}

	private static double number(Map<?, ?> stats, String direction, String name) {
		return part(stats, direction).get(name) instanceof Number n ? n.doubleValue() : 0;
	}
}
