package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * What the plate-detector tests share: a browser on the app's secure WebSocket, a KMS double (each test class has its
 * own, so that each has its own application context), and ways to fire plates and know the app has handled them.
 */
abstract class PlateDetectorSessions {

	/** How long anything may take: long, because the machines that run these tests can be very busy. */
	static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	MediaServers mediaServers;

	@Autowired
	MeterRegistry meters;

	abstract KmsDouble kms();

	@BeforeEach
	void cleanKmsAndWaitForTheApp() {
		kms().reset(true);
		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(this.mediaServers::isReachable);
	}

	SignallingClient browser() {
		return SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/platedetector"));
	}

	/**
	 * Starts a session.
	 * @return the id of the session's PlateDetectorFilter
	 */
	String startSession(SignallingClient browser) {
		List<String> filters = new ArrayList<>();
		List<String> before = kms().liveObjectIds("PlateDetectorFilter");
		browser.start(SignallingClient.chromiumOffer());
		browser.await("startResponse", WAIT);
		filters.addAll(kms().liveObjectIds("PlateDetectorFilter"));
		filters.removeAll(before);
		assertThat(filters).as("the session's plate detector").hasSize(1);
		return filters.get(0);
	}

	/** Fires a plate the app will report, and waits until the page has it. */
	void firePlate(SignallingClient browser, String filter, String plate) {
		int shown = plates(browser).size();
		fire(filter, plate);
		await().atMost(WAIT).until(() -> plates(browser).size() > shown);
	}

	/** Fires a plate the app will not report (a repeat, or nothing read), and waits until it has decided so. */
	void fireSkipped(CapturedOutput output, String filter, String plate) {
		String line = "plate " + plate + " skipped";
		long before = occurrences(output.getOut(), line);
		fire(filter, plate);
		await().atMost(WAIT).until(() -> occurrences(output.getOut(), line) > before);
	}

	// The app subscribes just after the negotiation: until then, an event reaches nobody and can be fired again.
	private void fire(String filter, String plate) {
		await().atMost(WAIT).until(() -> kms().firePlateDetected(filter, plate) > 0);
	}

	/** @return the plates the page was told of, in order */
	static List<String> plates(SignallingClient browser) {
		return browser.received("plateDetected").stream().map((m) -> m.path("plate").asString()).toList();
	}

	String single(String type) {
		List<String> ids = kms().liveObjectIds(type);
		assertThat(ids).as("live %s objects", type).hasSize(1);
		return ids.get(0);
	}

	/** @return a counter of the Context Broker client, such as {@code context.updates.sent}, for plates */
	double updates(String counter) {
		return this.meters.get(counter).tag("kind", "plate").counter().count();
	}

	private static long occurrences(String text, String part) {
		long count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
