package io.github.mediastreams.kurento.crowddetector;

import static io.github.mediastreams.kurento.Continuations.completing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.kurento.client.TFuture;
import org.kurento.client.Transaction;

import io.github.mediastreams.kurento.OnTheKmsDouble;
import io.github.mediastreams.kurento.Transcripts;
import io.github.mediastreams.testkit.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * Every part of crowddetector.CrowdDetectorFilter.kmd.json (the constructor's mediaPipeline and rois with their
 * complex types, the property processingWidth) reaches the KMS double, over a real WebSocket from the real
 * kurento-client, with KMS's names and JSON types, inside and outside a transaction.
 */
class CrowdDetectorFilterTest extends OnTheKmsDouble {

	/** The region of the recording: the whole picture. */
	static final RegionOfInterest WHOLE_PICTURE = RegionOfInterest.of("roi0", List.of(0, 0, 1, 0, 1, 1, 0, 1));

	@Test
	void theRegionsReachKmsAsKurentoClientSentThemToARealKms() {
		CrowdDetectorFilter filter = new CrowdDetectorFilter.Builder(this.pipeline, List.of(WHOLE_PICTURE)).build();

		RecordedRequest create = single(kms.requests("create"));
		JsonNode recorded = Transcripts.create("crowd-detector-events.jsonl", "CrowdDetectorFilter");
		assertThat(create.params()).containsEntry("type", "CrowdDetectorFilter");
		assertThat(create.operationParams()).containsOnlyKeys("mediaPipeline", "rois")
			.containsEntry("mediaPipeline", this.pipeline.getId());
		assertThat(Transcripts.asKmsReadsIt(create.operationParams().get("rois")))
			.isEqualTo(Transcripts.asKmsReadsIt(recorded.path("constructorParams").path("rois")));
		assertThat(Transcripts.shape(create.params())).isEqualTo(Transcripts.shape(recorded));
		assertThat(kms.object(filter.getId()).qualifiedType()).isEqualTo("crowddetector.CrowdDetectorFilter");
	}

	@Test
	void isCreatedInATransactionWhenItIsCommitted() {
		Transaction tx = this.kurento.beginTransaction();
		CrowdDetectorFilter filter = new CrowdDetectorFilter.Builder(this.pipeline, List.of(WHOLE_PICTURE)).build(tx);
		assertThat(kms.requests("create")).as("before the commit").isEmpty();

		tx.commit();

		RecordedRequest create = single(kms.requests("create"));
		assertThat(create.inTransaction()).isTrue();
		assertThat(Transcripts.asKmsReadsIt(create.operationParams().get("rois"))).isEqualTo(Transcripts.asKmsReadsIt(
				Transcripts.create("crowd-detector-events.jsonl", "CrowdDetectorFilter").path("constructorParams")
					.path("rois")));
		assertThat(kms.object(filter.getId()).type()).isEqualTo("CrowdDetectorFilter");
	}

	@Test
	void everyFieldOfARegionsConfigReachesKmsByItsNameAndType() {
		RegionOfInterestConfig config = RegionOfInterestConfig.DEFAULTS.withOccupancy(20, 40, 70, 6)
			.withFluidity(15, 30, 60, 7)
			.withOpticalFlow(true, 4, 8, 90);
		RegionOfInterest door = new RegionOfInterest("door/1", List.of(new RelativePoint(0.7f, 0),
				new RelativePoint(1, 0), new RelativePoint(1, 0.25f)), config);

		new CrowdDetectorFilter.Builder(this.pipeline, List.of(WHOLE_PICTURE, door)).build();

		List<?> rois = (List<?>) single(kms.requests("create")).operationParams().get("rois");
		assertThat(rois).hasSize(2);
		@SuppressWarnings("unchecked")
		Map<String, Object> sent = (Map<String, Object>) rois.get(1);
		assertThat(sent).containsEntry("__module__", "crowddetector")
			.containsEntry("__type__", "RegionOfInterest")
			.containsEntry("id", "door/1");
		assertThat(Transcripts.asKmsReadsIt(sent.get("points"))).isEqualTo(Transcripts.asKmsReadsIt(Transcripts.JSON.readTree("""
				[{"__module__":"crowddetector","__type__":"RelativePoint","x":0.7,"y":0},
				 {"__module__":"crowddetector","__type__":"RelativePoint","x":1,"y":0},
				 {"__module__":"crowddetector","__type__":"RelativePoint","x":1,"y":0.25}]""")));
		// The kmd's names; its ints as JSON integers and its boolean as a JSON boolean.
		assertThat(sent.get("regionOfInterestConfig")).isEqualTo(Map.ofEntries(
				Map.entry("__module__", "crowddetector"), Map.entry("__type__", "RegionOfInterestConfig"),
				Map.entry("occupancyLevelMin", 20), Map.entry("occupancyLevelMed", 40),
				Map.entry("occupancyLevelMax", 70), Map.entry("occupancyNumFramesToEvent", 6),
				Map.entry("fluidityLevelMin", 15), Map.entry("fluidityLevelMed", 30), Map.entry("fluidityLevelMax", 60),
				Map.entry("fluidityNumFramesToEvent", 7), Map.entry("sendOpticalFlowEvent", true),
				Map.entry("opticalFlowNumFramesToEvent", 4), Map.entry("opticalFlowNumFramesToReset", 8),
				Map.entry("opticalFlowAngleOffset", 90)));
	}

	@Test
	void aConfigSendsOnlyWhatDiffersFromKmsDefaults() {
		RegionOfInterest region = new RegionOfInterest("roi0", WHOLE_PICTURE.points(),
				RegionOfInterestConfig.DEFAULTS.withOpticalFlow(true, 3, 3, 0));

		new CrowdDetectorFilter.Builder(this.pipeline, List.of(region)).build();

		Map<?, ?> sent = (Map<?, ?>) ((List<?>) single(kms.requests("create")).operationParams().get("rois")).get(0);
		assertThat(sent.get("regionOfInterestConfig")).isEqualTo(Map.of("__module__", "crowddetector", "__type__",
				"RegionOfInterestConfig", "sendOpticalFlowEvent", true));
	}

	@Test
	void theProcessingWidthIsKmsDefaultAndReachesKmsAsAnIntegerInEachWay() {
		CrowdDetectorFilter filter = new CrowdDetectorFilter.Builder(this.pipeline, List.of(WHOLE_PICTURE)).build();
		kms.clearRequests();

		assertThat(filter.getProcessingWidth()).as("the kmd's default").isEqualTo(320);
		filter.setProcessingWidth(640);
		assertThat(filter.getProcessingWidth()).isEqualTo(640);
		CompletableFuture<Void> set = new CompletableFuture<>();
		filter.setProcessingWidth(480, completing(set));
		set.join();
		CompletableFuture<Integer> width = new CompletableFuture<>();
		filter.getProcessingWidth(completing(width));
		assertThat(width.join()).isEqualTo(480);
		Transaction tx = this.kurento.beginTransaction();
		filter.setProcessingWidth(tx, 160);
		TFuture<Integer> inTransaction = filter.getProcessingWidth(tx);
		tx.commit();
		assertThat(inTransaction.get()).isEqualTo(160);

		List<RecordedRequest> sets = kms.requests("setProcessingWidth");
		assertThat(sets).extracting(RecordedRequest::operationParams)
			.containsExactly(Map.of("processingWidth", 640), Map.of("processingWidth", 480),
					Map.of("processingWidth", 160));
		assertThat(sets).extracting(RecordedRequest::inTransaction).containsExactly(false, false, true);
		assertThat(kms.requests("getProcessingWidth")).extracting(RecordedRequest::inTransaction)
			.containsExactly(false, false, false, true);
		assertThat(kms.requests("invoke")).extracting(RecordedRequest::objectId).containsOnly(filter.getId());
	}

	@Test
	void regionsKmsWouldRefuseAreRefusedBeforeAnythingIsSent() {
		assertThatThrownBy(() -> RegionOfInterest.of("2nd", WHOLE_PICTURE.points().stream()
			.flatMap((point) -> java.util.stream.Stream.of(point.x(), point.y()))
			.toList())).hasMessage("A region's id is a letter, then letters, digits or /-_.:+; got '2nd'");
		assertThatThrownBy(() -> RegionOfInterest.of("roi0", List.of(0, 0, 1, 1)))
			.hasMessage("Region roi0 needs three corners or more; got 2");
		assertThatThrownBy(() -> RegionOfInterest.of("roi0", List.of(0, 0, 1, 0, 1)))
			.hasMessage("Region roi0: corners are x, y pairs; got 5 numbers");
		assertThatThrownBy(() -> new RelativePoint(1.5f, 0))
			.hasMessage("A point's x and y are fractions of the picture, from 0 to 1; got (1.5, 0.0)");
		assertThatThrownBy(() -> RegionOfInterestConfig.DEFAULTS.withOccupancy(50, 35, 65, 5))
			.hasMessage("The occupancy levels are percentages in order, 0 ≤ min ≤ med ≤ max ≤ 100; got 50, 35, 65");
		assertThatThrownBy(() -> RegionOfInterestConfig.DEFAULTS.withFluidity(10, 35, 65, -1))
			.hasMessage("A number of frames cannot be negative");
		assertThatThrownBy(() -> new CrowdDetectorFilter.Builder(this.pipeline, List.of()))
			.hasMessage("A crowd detector needs a region of interest or more");
		assertThatThrownBy(() -> new CrowdDetectorFilter.Builder(this.pipeline, List.of(WHOLE_PICTURE, WHOLE_PICTURE)))
			.hasMessage("Two regions of interest are named roi0");
		assertThat(requestsButPings()).isEmpty();
	}
}
