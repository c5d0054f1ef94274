package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mediastreams.browser.EachBrowser;
import io.github.mediastreams.browser.HeadlessBrowser;
import io.github.mediastreams.signalling.session.MediaSessions;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * The application stopped and started again mid-call, as a rolling update or a redeploy does: its shutdown ends
 * every session in words and closes the WebSocket with 1001, and the page, in Chromium and Firefox, reconnects and
 * starts again by itself once the application is back on the same address.
 */
class AppRestartBrowserTest {

	static final KmsDouble kms = KmsDouble.start();

	private final int port = freePort();

	private ConfigurableApplicationContext app;

	@AfterEach
	void stopApp() {
		if (this.app != null) {
			this.app.close();
		}
		kms.reset(true);
	}

	@EachBrowser
	void theAppStoppedAndStartedAgainMidCallIsReconnectedWithoutAClick(HeadlessBrowser browser)
			throws InterruptedException {
		this.app = startApp();
		browser.open("https://localhost:" + this.port + "/reconnect.html");
		browser.awaitState("idle");
		browser.click("#start");
		browser.awaitState("started");

		this.app.close();
		browser.awaitState("reconnecting", Duration.ofSeconds(5));
		assertThat(browser.text("#status")).startsWith("Reconnecting…");
		assertThat(kms.liveObjectCount()).as("objects left on the media server by the stopped app").isZero();
		Thread.sleep(2000);
		assertThat(browser.state()).as("still trying while the app is away").isEqualTo("reconnecting");

		this.app = startApp();
		browser.awaitState("started", Duration.ofSeconds(20));
		assertThat(browser.diagnostics().stateHistory()).containsSubsequence("started", "reconnecting", "started");
		assertThat(browser.diagnostics().restarts()).as("attempts while the app was away").isGreaterThan(1);
		assertThat(browser.errorText()).isEmpty();
		MediaSessions sessions = this.app.getBean(MediaSessions.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(sessions.size()).as("sessions in the app started again").isEqualTo(1);
			assertThat(kms.liveObjectCount()).as("the session's pipeline and endpoint").isEqualTo(2);
		});

		browser.click("#stop");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(sessions.size()).isZero();
			assertThat(kms.liveObjectCount()).isZero();
		});
	}

	// The same port each time: the page reconnects to the address it was served from.
	private ConfigurableApplicationContext startApp() {
		return new SpringApplicationBuilder(SignallingTestApplication.class)
			.properties("server.port=" + this.port, "media-streams.signalling.path=/signalling",
					"media-streams.signalling.min-start-interval=0s", "media-streams.tls.directory=target/test-tls",
					"media-server.url=" + kms.uri())
			.run();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
