package io.github.mediastreams.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;

import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The sequential KMS round trips of a hello-world start, counted in the KMS double's request log: the packaged app
 * in its own JVM, one session alone, every KMS call delayed 30 ms. Not timed: only the count and what each round
 * trip is are asserted.
 */
class SessionStartRoundTripsTest {

	static final Duration DELAY = Duration.ofMillis(30);

	static ExecutorService io;

	static HttpClient http;

	static MediaServerUnderTest kms;

	static AppProcess app;

	static RoundTripProbe probe;

	@BeforeAll
	static void startTheDoubleAndTheApp() {
		io = Executors.newFixedThreadPool(2);
		http = LoopbackHttp.newClient(io);
		kms = MediaServerUnderTest.startDouble();
		// C1 only: the app starts sooner, and nothing here is timed.
		app = AppProcess.start(Path.of(System.getProperty("benchmark.app.jar", "target/apps/hello-world.jar")),
				List.of(kms.url()), "app", Path.of(System.getProperty("benchmark.work.dir", "target/test-work")),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), true, http, Duration.ofSeconds(120));
		probe = new RoundTripProbe(kms.kmsDouble().orElseThrow(), DELAY);
	}

	@AfterAll
	static void stopThem() {
		if (app != null) {
			app.close();
		}
		if (kms != null) {
			kms.close();
		}
		io.shutdownNow();
	}

	@Test
	void helloWorldAnswersAfterOneRoundTripAndGathersInTheSecond() throws Exception {
		// The first start also connects the app to the media server: not part of a start's round trips.
		WatchedSession first = new WatchedSession();
		SignallingConnection connection = Connections.open(http, app.signallingUri(), List.of(first)).get(0);
		connection.send(SignallingMessages.START);
		first.firstCandidate().get(30, TimeUnit.SECONDS);
		connection.send(SignallingMessages.STOP);
		connection.close();

		List<RoundTripAnalyser.Wave> waves = probe.ourStart(http, app.signallingUri());

		assertThat(waves).as(describe(waves)).hasSize(2);
		assertThat(RoundTripAnalyser.roundTripsUpTo(waves, "processOffer")).as("round trips before the answer")
			.isOne();
		RoundTripAnalyser.Step transaction = waves.get(0).steps().get(0);
		assertThat(waves.get(0).steps()).hasSize(1);
		assertThat(transaction.request().method()).isEqualTo("transaction");
		assertThat(transaction.operations()).extracting(RoundTripAnalyser.Step::label)
			.containsExactly("create MediaPipeline", "addTag", "addTag", "create WebRtcEndpoint", "connect",
					"processOffer");
		assertThat(labels(waves.get(1))).contains("subscribe IceCandidateFound", "subscribe IceComponentStateChanged",
				"subscribe MediaFlowInStateChanged", "gatherCandidates")
			.allMatch((label) -> label.startsWith("subscribe ") || label.equals("gatherCandidates"));
	}

	@Test
	void theNaiveSequenceTakesOneRoundTripPerCall() {
		KurentoClient kurento = KurentoClient.create(kms.url());
		try {
			List<RoundTripAnalyser.Wave> waves = probe
				.naiveStart(new NaiveSequence(kurento, SignallingClient.chromiumOffer(), Duration.ofSeconds(10)));

			assertThat(waves).extracting(RoundTripAnalyser.Wave::describe)
				.containsExactly("create MediaPipeline", "create WebRtcEndpoint", "subscribe IceCandidateFound",
						"subscribe IceGatheringDone", "subscribe IceComponentStateChanged",
						"subscribe MediaFlowInStateChanged", "subscribe Error", "connect", "processOffer",
						"gatherCandidates");
		}
		finally {
			kurento.destroy();
		}
	}

	private static List<String> labels(RoundTripAnalyser.Wave wave) {
		return wave.steps().stream().map(RoundTripAnalyser.Step::request).map(RoundTripAnalyser.Step::label).toList();
	}

	private static String describe(List<RoundTripAnalyser.Wave> waves) {
		StringBuilder text = new StringBuilder("round trips:");
		for (RoundTripAnalyser.Wave wave : waves) {
			text.append("\n  ").append(wave.describe());
		}
		return text.toString();
	}
}
