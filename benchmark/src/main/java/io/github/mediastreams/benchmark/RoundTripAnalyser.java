package io.github.mediastreams.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mediastreams.testkit.RecordedRequest;

/**
 * Counts the sequential round trips in the KMS double's request log of one session set up alone while every KMS
 * call is delayed by D: requests sent without waiting for an answer arrive together, a request that needed an
 * answer first arrives at least D after the one it waited for. So the top-level requests, in arrival order, fall
 * into waves split by gaps of at least D/2, and each wave is one sequential round trip.
 *
 * <p>
 * The operations of a transaction are logged by the double when it runs them, after the delay; they belong to the
 * wave of their transaction and are shown inside it. Heartbeats ({@code ping}) are not part of a start.
 */
final class RoundTripAnalyser {

	private static final Set<String> HEARTBEATS = Set.of("ping", "keepAlive");

	private final Duration minGap;

	/** @param kmsDelay the delay D the double put on every call while the session was set up */
	RoundTripAnalyser(Duration kmsDelay) {
		this.minGap = kmsDelay.dividedBy(2);
	}

	/**
	 * @param log the double's request log covering the session's setup and nothing else
	 * @return the waves in order
	 */
	List<Wave> waves(List<RecordedRequest> log) {
		Map<RecordedRequest, List<RecordedRequest>> operations = new LinkedHashMap<>();
		Map<Long, RecordedRequest> openTransaction = new HashMap<>();
		for (RecordedRequest request : log) {
			if (HEARTBEATS.contains(request.method())) {
				continue;
			}
			if (request.inTransaction()) {
				RecordedRequest transaction = openTransaction.get(request.connectionId());
				if (transaction != null) {
					operations.get(transaction).add(request);
				}
				continue;
			}
			operations.put(request, new ArrayList<>());
			if ("transaction".equals(request.method())) {
				openTransaction.put(request.connectionId(), request);
			}
		}
		List<RecordedRequest> topLevel = new ArrayList<>(operations.keySet());
		topLevel.sort(Comparator.comparing(RecordedRequest::receivedAt));
		List<Wave> waves = new ArrayList<>();
		List<Step> current = new ArrayList<>();
		RecordedRequest previous = null;
		for (RecordedRequest request : topLevel) {
			if (previous != null
					&& Duration.between(previous.receivedAt(), request.receivedAt()).compareTo(this.minGap) >= 0) {
				waves.add(new Wave(current));
				current = new ArrayList<>();
			}
			current.add(new Step(request, operations.get(request)));
			previous = request;
		}
		if (!current.isEmpty()) {
			waves.add(new Wave(current));
		}
		return waves;
	}

	/**
	 * @param waves the waves of one start
	 * @param label the label of a request or of an operation of a transaction, such as {@code processOffer}
	 * @return how many round trips it took up to and including the one with that request; 0 if none has it
	 */
	static int roundTripsUpTo(List<Wave> waves, String label) {
		for (int i = 0; i < waves.size(); i++) {
			for (Step step : waves.get(i).steps()) {
				if (Step.label(step.request()).equals(label)
						|| step.operations().stream().anyMatch((op) -> Step.label(op).equals(label))) {
					return i + 1;
				}
			}
		}
		return 0;
	}

	/** One sequential round trip: the requests that went out together. */
	record Wave(List<Step> steps) {

		Wave {
			steps = List.copyOf(steps);
		}

		/** @return e.g. {@code subscribe IceCandidateFound + gatherCandidates} */
		String describe() {
			List<String> parts = new ArrayList<>();
			for (Step step : this.steps) {
				parts.add(step.describe());
			}
			return String.join(" + ", parts);
		}
	}

	/** A top-level request and, for a transaction, its operations. */
	record Step(RecordedRequest request, List<RecordedRequest> operations) {

		Step {
			operations = List.copyOf(operations);
		}

		String describe() {
			if (this.operations.isEmpty()) {
				return label(this.request);
			}
			List<String> inner = new ArrayList<>();
			for (RecordedRequest operation : this.operations) {
				inner.add(label(operation));
			}
			return label(this.request) + " [" + String.join(", ", inner) + "]";
		}

		/** @return {@code create X}, {@code subscribe X}, the invoked operation, or the method */
		static String label(RecordedRequest request) {
			Object type = request.params().get("type");
			switch (request.method()) {
				case "create":
				case "subscribe":
					return request.method() + " " + shortType(type);
				case "invoke":
					return request.operation();
				default:
					return request.method();
			}
		}

		private static String shortType(Object type) {
			String name = String.valueOf(type);
			return name.substring(name.lastIndexOf('.') + 1);
		}
	}
}
