package io.github.mediastreams.kurento.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.Transaction;
import org.kurento.client.WebRtcEndpoint;

import io.github.mediastreams.kurento.OnTheKmsDouble;

/**
 * Objects created after other operations of a transaction, against the double, which resolves {@code newref:N} as
 * KMS does: by the index of the operation.
 */
class TransactionsTest extends OnTheKmsDouble {

	@Test
	void objectsCreatedAfterOtherOperationsAreTheOnesLaterOperationsUse() {
		Transaction tx = Transactions.begin(this.kurento);
		MediaPipeline pipeline = this.kurento.createMediaPipeline(tx);
		pipeline.addTag(tx, "owner", "test");
		WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build(tx);
		pipeline.addTag(tx, "second", "tag");
		PassThrough passThrough = new PassThrough.Builder(pipeline).build(tx);
		endpoint.connect(tx, passThrough);
		passThrough.connect(tx, endpoint);

		tx.commit();

		assertThat(kms.object(endpoint.getId()).sinkIds()).containsExactly(passThrough.getId());
		assertThat(kms.object(passThrough.getId()).sinkIds()).containsExactly(endpoint.getId());
		assertThat(kms.object(pipeline.getId()).tags()).containsEntry("owner", "test").containsEntry("second", "tag");
	}

	@Test
	void kurentoClientsOwnTransactionNamesTheWrongResultThere() {
		Transaction tx = this.kurento.beginTransaction();
		MediaPipeline pipeline = this.kurento.createMediaPipeline(tx);
		pipeline.addTag(tx, "owner", "test");
		WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build(tx);
		endpoint.connect(tx, endpoint);

		// newref:1 is the endpoint to kurento-client, the tag's result to KMS.
		assertThatThrownBy(tx::commit).hasMessageContaining("'object' parameter is required");
	}

	@Test
	void beginningSendsNothing() {
		Transactions.begin(this.kurento);

		assertThat(requestsButPings()).isEmpty();
	}
}
