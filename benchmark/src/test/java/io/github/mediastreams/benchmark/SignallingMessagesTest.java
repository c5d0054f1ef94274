package io.github.mediastreams.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignallingMessagesTest {

	@Test
	void readsTheIdTheAppWritesFirst() {
		assertThat(SignallingMessages.idOf("{\"id\":\"startResponse\",\"sdpAnswer\":\"v=0\\r\\n\"}"))
			.isEqualTo("startResponse");
		assertThat(SignallingMessages.idOf("{\"id\":\"iceCandidate\",\"candidate\":{}}")).isEqualTo("iceCandidate");
	}

	@Test
	void aMessageWithoutAnIdHasAnEmptyOne() {
		assertThat(SignallingMessages.idOf("{\"message\":\"x\"}")).isEmpty();
		assertThat(SignallingMessages.idOf("")).isEmpty();
	}

	@Test
	void theStartCarriesTheChromiumOffer() {
		assertThat(SignallingMessages.START).startsWith("{").contains("\"id\":\"start\"").contains("v=0");
	}
}
