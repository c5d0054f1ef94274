package io.github.mediastreams.kurento.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kurento.client.MediaObject;
import org.kurento.client.Transaction;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.jsonrpc.JsonUtils;
import org.kurento.jsonrpc.Props;

import io.github.mediastreams.kurento.OnTheKmsDouble;
import io.github.mediastreams.kurento.Transcripts;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorFilter;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorFluidity;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorOccupancy;
import io.github.mediastreams.kurento.crowddetector.RegionOfInterest;
import io.github.mediastreams.kurento.platedetector.PlateDetected;
import io.github.mediastreams.kurento.platedetector.PlateDetectorFilter;
import tools.jackson.databind.JsonNode;

/**
 * The events a real KMS 7.3 sent (plate-detector-events.jsonl, crowd-detector-events.jsonl), each handed to
 * kurento-client as its WebSocket layer hands an {@code onEvent} over: the recorded {@code data} parsed by its own JSON
 * code, for the id of a filter created in a transaction. The double only builds the filters: it would stamp its own
 * time and source on events it fires.
 */
class RecordedEventsTest extends OnTheKmsDouble {

	@Test
	void eachRecordedPlateIsReadWithTheTimeKmsSawIt() {
		Transaction tx = this.kurento.beginTransaction();
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build(tx);
		tx.commit();
		List<PlateDetected> plates = new ArrayList<>();
		MediaEvents.subscribe(filter, PlateDetected.TYPE, plates::add).join();
		List<JsonNode> recorded = Transcripts.events("plate-detector-events.jsonl", "PlateDetected");

		recorded.forEach((event) -> deliver(filter, event));

		String recordedFilter = recorded.get(0).path("object").asString();
		assertThat(plates).extracting(PlateDetected::plate, PlateDetected::seenAt, PlateDetected::source)
			.containsExactly(tuple("--2748DKR", Instant.parse("2026-11-24T04:51:27.456Z"), recordedFilter),
					tuple("--8415FPV", Instant.parse("2026-11-24T04:51:29.993Z"), recordedFilter),
					tuple("--2748DKR", Instant.parse("2026-11-24T04:51:32.456Z"), recordedFilter),
					tuple("--8415FPV", Instant.parse("2026-11-24T04:51:34.994Z"), recordedFilter));
	}

	@Test
	void eachRecordedOccupancyAndFluidityIsReadAsKmsWroteIt() {
		Transaction tx = this.kurento.beginTransaction();
		CrowdDetectorFilter filter = new CrowdDetectorFilter.Builder(this.pipeline,
				List.of(RegionOfInterest.of("roi0", List.of(0, 0, 1, 0, 1, 1, 0, 1)))).build(tx);
		tx.commit();
		List<CrowdDetectorOccupancy> occupancy = new ArrayList<>();
		List<CrowdDetectorFluidity> fluidity = new ArrayList<>();
		MediaEvents.subscribe(filter, CrowdDetectorOccupancy.TYPE, occupancy::add).join();
		MediaEvents.subscribe(filter, CrowdDetectorFluidity.TYPE, fluidity::add).join();
		List<JsonNode> occupancyRecorded = Transcripts.events("crowd-detector-events.jsonl", "CrowdDetectorOccupancy");
		List<JsonNode> fluidityRecorded = Transcripts.events("crowd-detector-events.jsonl", "CrowdDetectorFluidity");

		occupancyRecorded.forEach((event) -> deliver(filter, event));
		fluidityRecorded.forEach((event) -> deliver(filter, event));

		assertThat(occupancy).hasSameSizeAs(occupancyRecorded).isNotEmpty();
		assertThat(fluidity).hasSameSizeAs(fluidityRecorded).isNotEmpty();
		// The first of each, by hand: a double with a fraction, and a whole float KMS wrote as 29.
		assertThat(occupancy.get(0)).isEqualTo(new CrowdDetectorOccupancy("roi0", 11.88259506225586, 1,
				Instant.parse("2026-11-24T04:54:02.844Z"), occupancyRecorded.get(0).path("object").asString()));
		assertThat(fluidity.get(0)).isEqualTo(new CrowdDetectorFluidity("roi0", 29.0, 1,
				Instant.parse("2026-11-24T04:53:59.844Z"), fluidityRecorded.get(0).path("object").asString()));
		for (int i = 0; i < occupancy.size(); i++) {
			JsonNode data = occupancyRecorded.get(i).path("data");
			assertThat(occupancy.get(i)).isEqualTo(new CrowdDetectorOccupancy(data.path("roiId").asString(),
					data.path("occupancyPercentage").asDouble(), data.path("occupancyLevel").asInt(),
					Instant.ofEpochMilli(Long.parseLong(data.path("timestampMillis").asString())),
					data.path("source").asString()));
		}
		for (int i = 0; i < fluidity.size(); i++) {
			JsonNode data = fluidityRecorded.get(i).path("data");
			assertThat(fluidity.get(i)).isEqualTo(new CrowdDetectorFluidity(data.path("roiId").asString(),
					data.path("fluidityPercentage").asDouble(), data.path("fluidityLevel").asInt(),
					Instant.ofEpochMilli(Long.parseLong(data.path("timestampMillis").asString())),
					data.path("source").asString()));
		}
	}

	// What kurento-client's JSON-RPC client does with an onEvent: parse its data into Props, hand it to the objects.
	private static void deliver(MediaObject target, JsonNode recorded) {
		Props data = JsonUtils.fromJson(recorded.path("data").toString(), Props.class);
		RemoteObjectInvocationHandler.getFor(target)
			.getRomManager()
			.getObjectManager()
			.processEvent(target.getId(), "", recorded.path("type").asString(), data);
	}
}
