package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.EachBrowser;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.browser.MediaDiagnostics;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;

/**
 * The page recovers by itself from an interruption that ends without its user, in Chromium and Firefox, on the
 * KMS double: its WebSocket cut for 5 s (a relay in front of the app that drops and refuses connections), the only
 * media server stopped and started again; the user's Stop ends a reconnection at once, and the page gives up after
 * its bound ({@code reconnect.giveUpAfter}, short here). The page is served through the relay, so its WebSocket is
 * too.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"media-server.heartbeat-interval=500ms", "media-server.request-timeout=1s" })
class ReconnectBrowserTest extends AppUnderTest {

	CuttableRelay relay;

	@BeforeEach
	void relay() throws IOException {
		this.relay = new CuttableRelay(this.port);
	}

	@AfterEach
	void closeRelay() {
		this.relay.close();
		if (!kms.isRunning()) {
			kms.restart();
		}
		awaitMediaServer();
	}

	private void openStarted(HeadlessBrowser browser, String query) {
		browser.open("https://localhost:" + this.relay.port() + "/reconnect.html" + query);
		browser.awaitState("idle");
		browser.click("#start");
		browser.awaitState("started");
	}

	@EachBrowser
	void aWebSocketCutFor5SecondsIsReconnectedWithoutAClick(HeadlessBrowser browser) throws InterruptedException {
		openStarted(browser, "");

		this.relay.cut();
		browser.awaitState("reconnecting", Duration.ofSeconds(5));
		assertThat(browser.text("#status")).startsWith("Reconnecting…").contains("connection to the application server");
		Thread.sleep(5000);
		assertThat(browser.state()).as("still trying while cut").isEqualTo("reconnecting");
		this.relay.restore();

		browser.awaitState("started", Duration.ofSeconds(10));
		MediaDiagnostics diagnostics = browser.diagnostics();
		assertThat(diagnostics.stateHistory()).containsSubsequence("started", "reconnecting", "started");
		assertThat(diagnostics.restarts()).as("attempts while cut").isGreaterThan(1);
		assertThat(diagnostics.lastError()).isNull();
		assertThat(browser.errorText()).isEmpty();
		awaitOnlyLeft(1, 2);
		browser.click("#stop");
		awaitNothingLeft();
	}

	@EachBrowser
	void theOnlyMediaServerRestartedMidCallIsReconnectedWithoutAClick(HeadlessBrowser browser) {
		openStarted(browser, "");

		kms.stop();
		browser.awaitState("reconnecting", Duration.ofSeconds(10));
		browser.awaitTrue("a start tried while the media server is away", () -> browser.diagnostics().restarts() > 1);
		assertThat(browser.state()).isEqualTo("reconnecting");
		kms.restart();

		browser.awaitState("started", Duration.ofSeconds(20));
		assertThat(browser.diagnostics().stateHistory()).containsSubsequence("started", "reconnecting", "started");
		assertThat(browser.errorText()).isEmpty();
		awaitOnlyLeft(1, 2);
		browser.click("#stop");
		awaitNothingLeft();
	}

	@EachBrowser
	void stopWhileReconnectingEndsAtOnce(HeadlessBrowser browser) throws InterruptedException {
		openStarted(browser, "");
		this.relay.cut();
		browser.awaitState("reconnecting", Duration.ofSeconds(5));

		browser.click("#stop");
		browser.awaitState("stopped", Duration.ofSeconds(1));
		this.relay.restore();
		Thread.sleep(2000);
		assertThat(browser.state()).as("no attempt after Stop").isEqualTo("stopped");
		assertThat(browser.errorText()).isEmpty();
		awaitNothingLeft();
	}

	@EachBrowser
	void itGivesUpAfterItsBoundWithAClearMessage(HeadlessBrowser browser) {
		openStarted(browser, "?giveUpAfter=3000");
		this.relay.cut();
		browser.awaitState("reconnecting", Duration.ofSeconds(5));

		browser.awaitState("stopped", Duration.ofSeconds(8));
		assertThat(browser.errorText()).startsWith("Could not connect again within 3 s")
			.contains("connection to the application server");
		awaitNothingLeft();
	}

	@EachBrowser
	void stopWhileTheWebSocketConnectsSettlesStart(HeadlessBrowser browser) {
		browser.open("https://localhost:" + this.relay.port() + "/reconnect.html");
		browser.awaitState("idle");
		this.relay.hold();
		browser.script("window.startSettled = false; mediaSession.start().then(() => { window.startSettled = true; });");
		browser.awaitState("starting");
		browser.script("mediaSession.stop();");
		browser.awaitScript("window.startSettled === true", Duration.ofSeconds(2));
		assertThat(browser.state()).isEqualTo("stopped");
	}

	@EachBrowser
	void reconnectionDelaysAreSpreadNotEqual(HeadlessBrowser browser) {
		browser.open("https://localhost:" + this.port + "/reconnect.html");
		browser.awaitState("idle");
		// 200 pages of an app that went away, each at its fourth attempt: 500 ms · 2^3 = 4 s at most.
		@SuppressWarnings("unchecked")
		List<Number> delays = (List<Number>) browser.script("return import('/js/media-streams.js').then((m) => "
				+ "Array.from({ length: 200 }, () => m.reconnectDelay(3)))");
		List<Long> sorted = delays.stream().map(Number::longValue).sorted().toList();
		assertThat(sorted).allSatisfy((d) -> assertThat(d).isBetween(2000L, 4000L));
		assertThat(sorted.stream().distinct().count()).as("distinct delays").isGreaterThan(150);
		long quarter = sorted.get(150) - sorted.get(50);
		assertThat(quarter).as("middle half of the delays spans (ms)").isGreaterThan(600);
		@SuppressWarnings("unchecked")
		List<Number> bounded = (List<Number>) browser.script("return import('/js/media-streams.js').then((m) => "
				+ "[m.reconnectDelay(0, {}, () => 0), m.reconnectDelay(20, {}, () => 0.999999)])");
		assertThat(bounded.get(0).longValue()).isEqualTo(250);
		assertThat(bounded.get(1).longValue()).as("bounded by maxDelay").isEqualTo(10_000);
	}
}
