package io.github.mediastreams.signalling.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.github.mediastreams.signalling.protocol.IceCandidate;

class CandidateQueueTest {

	@Test
	void drainsInArrivalOrderAndEmpties() {
		CandidateQueue queue = new CandidateQueue(3);
		queue.offer(candidate(1));
		queue.offer(candidate(2));
		queue.offer(candidate(3));

		assertThat(queue.drain()).containsExactly(candidate(1), candidate(2), candidate(3));
		assertThat(queue.size()).isZero();
		assertThat(queue.drain()).isEmpty();
	}

	@Test
	void refusesBeyondItsBoundAndKeepsWhatItHas() {
		CandidateQueue queue = new CandidateQueue(2);
		assertThat(queue.offer(candidate(1))).isTrue();
		assertThat(queue.offer(candidate(2))).isTrue();

		assertThat(queue.offer(candidate(3))).isFalse();

		assertThat(queue.drain()).containsExactly(candidate(1), candidate(2));
		assertThat(queue.offer(candidate(4))).as("room again after draining").isTrue();
	}

	@Test
	void clearForgetsEverything() {
		CandidateQueue queue = new CandidateQueue(2);
		queue.offer(candidate(1));
		queue.clear();
		assertThat(queue.drain()).isEmpty();
	}

	@Test
	void needsRoomForOne() {
		assertThatThrownBy(() -> new CandidateQueue(0)).isInstanceOf(IllegalArgumentException.class);
	}

	private static IceCandidate candidate(int n) {
		return new IceCandidate("candidate:" + n + " 1 udp 1 10.0.0.1 500" + n + " typ host", "0", 0);
	}
}
