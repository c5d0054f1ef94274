package io.github.mediastreams.kurento.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Transaction;

import io.github.mediastreams.testkit.KmsDouble;

/**
 * Why the module's filters are interfaces with their own builders: kurento-client 7.3.0 turns a
 * {@link GenericMediaElement} into its real type only outside a transaction. In a transaction it asks KMS for a
 * "GenericMediaElement", which KMS (and so the double) does not have. If this test fails, a newer kurento-client has
 * fixed that.
 */
class GenericMediaElementInTransactionTest {

	static final KmsDouble kms = KmsDouble.start();

	@AfterAll
	static void closeKms() {
		kms.close();
	}

	@Test
	void kurentoClientCannotCreateAGenericMediaElementInATransaction() {
		KurentoClient kurento = KurentoClient.create(kms.uri());
		try {
			MediaPipeline pipeline = kurento.createMediaPipeline();
			Transaction tx = kurento.beginTransaction();
			new GenericMediaElement.Builder(pipeline, "PlateDetectorFilter").build(tx);

			assertThatThrownBy(tx::commit).hasMessageContaining("GenericMediaElement");
			assertThat(kms.requests("create")).anySatisfy(
					(create) -> assertThat(create.params()).containsEntry("type", "GenericMediaElement"));
		}
		finally {
			kurento.destroy();
		}
	}

	@Test
	void theModulesBuilderCreatesThePlateDetectorInATransaction() {
		KurentoClient kurento = KurentoClient.create(kms.uri());
		try {
			MediaPipeline pipeline = kurento.createMediaPipeline();
			Transaction tx = kurento.beginTransaction();
			PlateDetectorFilter filter = new PlateDetectorFilter.Builder(pipeline).build(tx);
			tx.commit();

			assertThat(kms.object(filter.getId()).qualifiedType()).isEqualTo("platedetector.PlateDetectorFilter");
		}
		finally {
			kurento.destroy();
		}
	}

}
