package io.github.mediastreams.signalling.session;

import java.util.ArrayList;
import java.util.List;

import io.github.mediastreams.signalling.protocol.IceCandidate;

/**
 * The browser's ICE candidates that arrived before the session's endpoint exists, in arrival order, up to a bound
 * so that a flood cannot grow memory. Not thread-safe: a session touches it from its own serial executor only.
 */
final class CandidateQueue {

	private final int capacity;

	private final List<IceCandidate> candidates = new ArrayList<>();

	CandidateQueue(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.capacity = capacity;
	}

	/** @return false, keeping the queue as it was, if the queue is full */
	boolean offer(IceCandidate candidate) {
		if (this.candidates.size() >= this.capacity) {
			return false;
		}
		this.candidates.add(candidate);
		return true;
	}

	/** @return the queued candidates in arrival order, leaving the queue empty */
	List<IceCandidate> drain() {
		List<IceCandidate> drained = List.copyOf(this.candidates);
		this.candidates.clear();
		return drained;
	}

	void clear() {
		this.candidates.clear();
	}

	int size() {
		return this.candidates.size();
	}

	int capacity() {
		return this.capacity;
	}
}
