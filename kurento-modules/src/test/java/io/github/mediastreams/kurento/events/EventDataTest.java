package io.github.mediastreams.kurento.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mediastreams.kurento.crowddetector.CrowdDetectorOccupancy;
import io.github.mediastreams.kurento.platedetector.PlateDetected;

/** Event data read with KMS 7.3's quirks, and data KMS would not send refused in words. */
class EventDataTest {

	@Test
	void aWholeFloatWrittenAsAnIntegerIsTheSameDecimal() {
		EventData data = new EventData("CrowdDetectorFluidity", Map.of("fluidityPercentage", 29, "level", 2L));

		assertThat(data.decimal("fluidityPercentage")).isEqualTo(29.0);
		assertThat(data.integer("level")).isEqualTo(2);
	}

	@Test
	void theTimeIsEpochMillisecondsWrittenAsAString() {
		assertThat(new EventData("PlateDetected", Map.of("timestampMillis", "1795495887456")).seenAt())
			.isEqualTo(Instant.parse("2026-11-24T04:51:27.456Z"));
		assertThat(new EventData("PlateDetected", Map.of("timestampMillis", 1795495887456L)).seenAt())
			.isEqualTo(Instant.parse("2026-11-24T04:51:27.456Z"));
	}

	@Test
	void anEventWithoutAReadableTimeWasSeenWhenItIsRead() {
		Instant before = Instant.now();

		Instant seen = new EventData("PlateDetected", Map.of("timestampMillis", "soon")).seenAt();

		assertThat(seen).isBetween(before, Instant.now());
		assertThat(new EventData("PlateDetected", Map.of()).seenAt()).isBetween(before, Instant.now());
	}

	@Test
	void absentFieldsAreLeftOut() {
		Map<String, Object> fields = new HashMap<>();
		fields.put("plate", null);
		fields.put("source", "f");

		assertThat(new EventData("PlateDetected", fields).fields()).containsOnlyKeys("source");
	}

	@Test
	void dataKmsWouldNotSendIsRefusedNamingTheFieldNotItsValue() {
		assertThatThrownBy(() -> PlateDetected.TYPE.decode(Map.of("plate", 2748)))
			.isInstanceOf(MalformedEventException.class)
			.hasMessage("A PlateDetected event without the string field 'plate' that KMS always sends");
		assertThatThrownBy(() -> CrowdDetectorOccupancy.TYPE
			.decode(Map.of("roiId", "roi0", "occupancyPercentage", "11.9", "occupancyLevel", 1)))
			.hasMessage("A CrowdDetectorOccupancy event without the number field 'occupancyPercentage' that KMS always"
					+ " sends");
		assertThatThrownBy(() -> CrowdDetectorOccupancy.TYPE
			.decode(Map.of("roiId", "roi0", "occupancyPercentage", 11.9, "occupancyLevel", 1.5)))
			.hasMessage("A CrowdDetectorOccupancy event without the integer field 'occupancyLevel' that KMS always"
					+ " sends");
	}

	@Test
	void aPlateIsDecodedWhateverTheDataTypeSays() {
		PlateDetected plate = PlateDetected.TYPE.decode(Map.of("plate", "--2748DKR", "type", "plate-detected",
				"source", "p/f_platedetector.PlateDetectorFilter", "timestampMillis", "1795495887456"));

		assertThat(plate).isEqualTo(new PlateDetected("--2748DKR", Instant.parse("2026-11-24T04:51:27.456Z"),
				"p/f_platedetector.PlateDetectorFilter"));
	}

}
