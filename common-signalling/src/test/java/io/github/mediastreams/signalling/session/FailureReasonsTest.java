package io.github.mediastreams.signalling.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.kurento.commons.exception.KurentoException;
import org.kurento.jsonrpc.JsonRpcException;

import io.github.mediastreams.signalling.mediaserver.MediaServerConnectionLostException;

class FailureReasonsTest {

	@Test
	void aRequestCutOffByTheLostConnectionSaysTheConnectionWasLost() {
		// kurento-client fails every pending request with this text when its connection closes; a session whose
		// gathering or subscription was pending then must say the same as one the connection listener ends.
		KurentoException cutOff = new KurentoException("Error in response",
				new RuntimeException("Connection with server have been closed"));

		assertThat(FailureReasons.of(cutOff)).isEqualTo(FailureReasons.CONNECTION_LOST);
		assertThat(FailureReasons.CONNECTION_LOST.message())
			.isEqualTo("The connection to the media server was lost; start again");
	}

	@Test
	void aRequestOnABrokenClientSaysTheConnectionWasLost() {
		// What kurento-client wraps around the refusal of a client that never reconnects.
		JsonRpcException refused = new JsonRpcException("Exception connecting to WebSocket server",
				new MediaServerConnectionLostException());

		assertThat(FailureReasons.of(refused)).isEqualTo(FailureReasons.CONNECTION_LOST);
	}

	@Test
	void aTimeoutIsATimeout() {
		assertThat(FailureReasons.of(new KurentoException("x", new TimeoutException())).reason()).isEqualTo("timeout");
	}
}
