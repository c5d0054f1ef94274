package io.github.mediastreams.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mediastreams.testkit.RecordedRequest;

class RoundTripAnalyserTest {

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	final RoundTripAnalyser analyser = new RoundTripAnalyser(Duration.ofMillis(30));

	@Test
	void requestsSentTogetherAreOneRoundTripAndAGapOfHalfTheDelaySplitsThem() {
		List<RoundTripAnalyser.Wave> waves = this.analyser.waves(List.of(create("MediaPipeline", 0),
				subscribe("IceCandidateFound", 31), invoke("gatherCandidates", 31.2), invoke("processOffer", 46.3)));

		assertThat(waves).extracting(RoundTripAnalyser.Wave::describe)
			.containsExactly("create MediaPipeline", "subscribe IceCandidateFound + gatherCandidates", "processOffer");
	}

	@Test
	void aTransactionsOperationsBelongToItsRoundTripThoughLoggedAfterTheDelay() {
		List<RoundTripAnalyser.Wave> waves = this.analyser.waves(List.of(create("MediaPipeline", 0),
				request("transaction", null, Map.of(), false, 31), request("create", null,
						Map.of("type", "WebRtcEndpoint"), true, 61),
				request("invoke", "processOffer", Map.of(), true, 61.1), invoke("gatherCandidates", 62)));

		assertThat(waves).extracting(RoundTripAnalyser.Wave::describe)
			.containsExactly("create MediaPipeline", "transaction [create WebRtcEndpoint, processOffer]",
					"gatherCandidates");
	}

	@Test
	void heartbeatsAreNotRoundTripsOfTheStart() {
		List<RoundTripAnalyser.Wave> waves = this.analyser
			.waves(List.of(request("ping", null, Map.of(), false, 0), create("MediaPipeline", 40)));

		assertThat(waves).extracting(RoundTripAnalyser.Wave::describe).containsExactly("create MediaPipeline");
	}

	@Test
	void noRequestsNoRoundTrips() {
		assertThat(this.analyser.waves(List.of())).isEmpty();
	}

	static RecordedRequest create(String type, double millis) {
		return request("create", null, Map.of("type", "kurento." + type), false, millis);
	}

	static RecordedRequest subscribe(String type, double millis) {
		return request("subscribe", null, Map.of("type", type), false, millis);
	}

	static RecordedRequest invoke(String operation, double millis) {
		return request("invoke", operation, Map.of(), false, millis);
	}

	static RecordedRequest request(String method, String operation, Map<String, Object> params,
			boolean inTransaction, double millis) {
		return new RecordedRequest(method, operation, null, params, 1, "session", inTransaction,
				T0.plusNanos((long) (millis * 1_000_000)));
	}
}
