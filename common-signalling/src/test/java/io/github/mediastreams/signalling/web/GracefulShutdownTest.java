package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.KmsDoubleExtension;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The application stopped with live sessions, as SIGTERM, {@code docker stop} and every rolling update stop it:
 * each browser is told in words, every pipeline is released, and the log has no ERROR.
 */
class GracefulShutdownTest {

	@RegisterExtension
	static final KmsDoubleExtension kmsDouble = new KmsDoubleExtension();

	@Test
	void stoppingTheAppEndsEverySessionInWordsAndLeavesNothingOnTheMediaServer(KmsDouble kms) {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(SignallingTestApplication.class)
			.properties("server.port=0", "media-streams.signalling.path=/signalling",
					"media-streams.tls.directory=target/test-tls", "media-server.url=" + kms.uri())
			.run();
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		List<SignallingClient> browsers = new ArrayList<>();
		ListAppender<ILoggingEvent> errors = new ListAppender<>();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		try {
			for (int i = 0; i < 3; i++) {
				SignallingClient browser = SignallingClient.connect(URI.create("wss://localhost:" + port + "/signalling"));
				browser.start(SignallingClient.chromiumOffer());
				browser.await("startResponse");
				browsers.add(browser);
			}
			assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(3);
			errors.start();
			root.addAppender(errors);

			app.close();

			assertThat(kms.liveObjectCount()).as("objects left on the media server").isZero();
			for (SignallingClient browser : browsers) {
				assertThat(browser.await("error").path("message").asString())
					.isEqualTo("The server is shutting down; start again in a moment");
				await().atMost(Duration.ofSeconds(5)).until(browser::isClosed);
				assertThat(browser.closeCode()).as("going away").isEqualTo(1001);
			}
			assertThat(errors.list).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR))
				.as("ERROR logs while stopping")
				.isEmpty();
		}
		finally {
			root.detachAppender(errors);
			browsers.forEach(SignallingClient::close);
			app.close();
		}
	}

	@Test
	void anAppStoppedAndStartedAgainTakesStartsAgain(KmsDouble kms) {
		// As Spring's test framework pauses the cached contexts it is not using, and an operator's stop() and start().
		ConfigurableApplicationContext app = new SpringApplicationBuilder(SignallingTestApplication.class)
			.properties("server.port=0", "media-streams.signalling.path=/signalling",
					"media-streams.tls.directory=target/test-tls", "media-server.url=" + kms.uri())
			.run();
		try {
			app.stop();
			app.start();

			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			try (SignallingClient browser = SignallingClient.connect(URI.create("wss://localhost:" + port + "/signalling"))) {
				browser.start(SignallingClient.chromiumOffer());
				browser.await("startResponse");
			}
			await().until(() -> kms.liveObjectCount() == 0);
		}
		finally {
			app.close();
		}
	}
}
