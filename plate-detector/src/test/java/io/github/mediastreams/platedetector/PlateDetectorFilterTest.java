package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mediastreams.signalling.session.MediaServerEvent;

/** Reading the time of a PlateDetected event as a real KMS 7.3 sends it. */
class PlateDetectorFilterTest {

	@Test
	void aPlateWasSeenAtTheEventsTimestampMillisWhichKmsSendsAsAString() {
		// The first event of the recorded session (plate-detector-events.jsonl).
		MediaServerEvent event = new MediaServerEvent("PlateDetected", Map.of("plate", "--2748DKR", "timestampMillis",
				"1795495887456", "type", "plate-detected", "source", "x_platedetector.PlateDetectorFilter"));

		assertThat(PlateDetectorFilter.seenAt(event)).isEqualTo(Instant.parse("2026-11-24T04:51:27.456Z"));
	}

	@Test
	void anEventWithoutATimeIsTakenAsSeenNow() {
		Instant before = Instant.now();

		Instant seen = PlateDetectorFilter.seenAt(new MediaServerEvent("PlateDetected", Map.of("plate", "--2748DKR")));

		assertThat(seen).isBetween(before, Instant.now());
	}

}
