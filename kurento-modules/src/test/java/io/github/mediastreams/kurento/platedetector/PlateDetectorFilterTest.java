package io.github.mediastreams.kurento.platedetector;

import static io.github.mediastreams.kurento.Continuations.completing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.kurento.client.Transaction;

import io.github.mediastreams.kurento.OnTheKmsDouble;
import io.github.mediastreams.kurento.Transcripts;
import io.github.mediastreams.testkit.RecordedRequest;

/**
 * Every part of platedetector.PlateDetectorFilter.kmd.json (the constructor's mediaPipeline, the method
 * setPlateWidthPercentage) reaches the KMS double, over a real WebSocket from the real kurento-client, with KMS's
 * names and JSON types, inside and outside a transaction.
 */
class PlateDetectorFilterTest extends OnTheKmsDouble {

	@Test
	void isCreatedAsKurentoClientCreatedItOnARealKms() {
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build();

		RecordedRequest create = single(kms.requests("create"));
		assertThat(create.params()).containsEntry("type", "PlateDetectorFilter");
		assertThat(create.operationParams()).isEqualTo(Map.of("mediaPipeline", this.pipeline.getId()));
		assertThat(Transcripts.shape(create.params())).as("the request recorded from a real KMS 7.3")
			.isEqualTo(Transcripts.shape(Transcripts.create("plate-detector-events.jsonl", "PlateDetectorFilter")));
		assertThat(kms.object(filter.getId()).qualifiedType()).isEqualTo("platedetector.PlateDetectorFilter");
	}

	@Test
	void isCreatedInATransactionWhenItIsCommitted() {
		Transaction tx = this.kurento.beginTransaction();
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build(tx);
		assertThat(kms.requests("create")).as("before the commit").isEmpty();

		tx.commit();

		RecordedRequest create = single(kms.requests("create"));
		assertThat(create.inTransaction()).isTrue();
		assertThat(create.params()).containsEntry("type", "PlateDetectorFilter");
		assertThat(create.operationParams()).isEqualTo(Map.of("mediaPipeline", this.pipeline.getId()));
		assertThat(kms.object(filter.getId()).type()).isEqualTo("PlateDetectorFilter");
	}

	@Test
	void isCreatedWithoutBlocking() {
		CompletableFuture<PlateDetectorFilter> built = new CompletableFuture<>();
		new PlateDetectorFilter.Builder(this.pipeline).buildAsync(completing(built));

		assertThat(kms.object(built.join().getId()).qualifiedType()).isEqualTo("platedetector.PlateDetectorFilter");
	}

	@Test
	void thePlateWidthPercentageReachesKmsAsANumberInEachWay() {
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build();
		kms.clearRequests();

		filter.setPlateWidthPercentage(0.3f);
		CompletableFuture<Void> set = new CompletableFuture<>();
		filter.setPlateWidthPercentage(0.25f, completing(set));
		set.join();
		Transaction tx = this.kurento.beginTransaction();
		filter.setPlateWidthPercentage(tx, 0.5f);
		tx.commit();

		List<RecordedRequest> invokes = kms.requests("setPlateWidthPercentage");
		assertThat(invokes).extracting(RecordedRequest::operationParams)
			.containsExactly(Map.of("plateWidthPercentage", 0.3), Map.of("plateWidthPercentage", 0.25),
					Map.of("plateWidthPercentage", 0.5));
		assertThat(invokes).extracting(RecordedRequest::objectId).containsOnly(filter.getId());
		assertThat(invokes).extracting(RecordedRequest::inTransaction).containsExactly(false, false, true);
	}
}
