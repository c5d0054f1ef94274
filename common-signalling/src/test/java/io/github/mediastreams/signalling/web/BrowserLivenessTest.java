package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * Browsers that vanish without a FIN or RST (a laptop lid closed, Wi-Fi lost, a NAT that forgot the connection):
 * the server's pings find them, and their sessions are released; browsers that answer pings stay.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.ping-interval=500ms",
				"media-streams.signalling.pong-timeout=1500ms" })
class BrowserLivenessTest extends AppUnderTest {

	@BeforeEach
	void healthyMediaServer() {
		awaitMediaServer();
		kms.reset(true);
	}

	@Test
	void aBrowserThatAnswersNoPingIsReleasedWithinThePingIntervalAndPongTimeout() {
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.start();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.addAppender(logs);
		try (RawBrowser silent = RawBrowser.connect(this.port, "/signalling")) {
			silent.send("{\"id\":\"start\",\"sdpOffer\":" + json(OFFER) + "}");
			await().atMost(Duration.ofSeconds(10)).until(() -> kms.liveObjectCount("MediaPipeline") == 1);
			long started = System.nanoTime();

			// Its socket stays open: only the missing pongs tell.
			awaitNothingLeft();

			assertThat(Duration.ofNanos(System.nanoTime() - started))
				.as("released within ping-interval + pong-timeout, with room for a busy machine")
				.isLessThan(Duration.ofSeconds(8));
			// Closing a connection whose browser reads nothing is expected, not an error.
			assertThat(logs.list).filteredOn((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR)).isEmpty();
		}
		finally {
			root.detachAppender(logs);
		}
	}

	@Test
	void aBrowserThatAnswersPingsKeepsItsSessionPastThePongTimeout() throws Exception {
		try (SignallingClient browser = startedBrowser()) {
			TimeUnit.SECONDS.sleep(4);

			assertThat(browser.isClosed()).isFalse();
			assertThat(this.sessions.size()).isOne();
			assertThat(kms.liveObjectCount("MediaPipeline")).isOne();
			browser.stop();
		}
		awaitNothingLeft();
	}

	static String json(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
				+ "\"";
	}
}
