package io.github.mediastreams.kurento;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;

import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.KmsDoubleExtension;
import io.github.mediastreams.testkit.RecordedRequest;

/**
 * Tests against one KMS double per test class: each test gets the real kurento-client, connected over a real
 * WebSocket, and a pipeline; the double's request log starts empty after that, and every object is released after.
 */
public abstract class OnTheKmsDouble {

	/** Long: the machines that run these tests can be very busy; a passing test never waits for it. */
	protected static final long WAIT_SECONDS = 30;

	@RegisterExtension
	protected static final KmsDoubleExtension kmsDouble = new KmsDoubleExtension();

	protected KmsDouble kms;

	protected KurentoClient kurento;

	protected MediaPipeline pipeline;

	@BeforeEach
	void connect() {
		this.kms = kmsDouble.get();
		this.kurento = KurentoClient.create(kms.uri());
		this.pipeline = this.kurento.createMediaPipeline();
		kms.clearRequests();
	}

	@AfterEach
	void disconnect() {
		this.kurento.destroy();
		kms.reset(true);
	}

	/**
	 * @return the requests the double received since the test began, without kurento-client's heartbeat pings,
	 *         which come on its own timer and may land in any test
	 */
	protected List<RecordedRequest> requestsButPings() {
		return kms.requests().stream().filter((request) -> !"ping".equals(request.method())).toList();
	}

	/** @return the only request of the list */
	protected static RecordedRequest single(List<RecordedRequest> requests) {
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}
}
