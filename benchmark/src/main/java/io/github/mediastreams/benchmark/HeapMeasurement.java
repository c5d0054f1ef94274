package io.github.mediastreams.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Measures the app's heap per session, reading it after a full collection each time: with no connection open; with
 * N idle signalling connections (the app has a media session object for each, and no media) once the app counts
 * them; and with M of them started and their candidates in. The differences divided by N and M give the bytes per
 * idle session and per start; the class histograms before and after say what those bytes are.
 */
final class HeapMeasurement {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	// Starts go in small batches: this reads the heap of started sessions, not how the app takes a burst.
	private static final int START_BATCH = 5;

	private static final int TOP = 6;

	private final HttpClient http;

	private final URI app;

	private final HeapProbe heap;

	private final AppMetrics metrics;

	/**
	 * @param http the shared client
	 * @param app the app under test
	 */
	HeapMeasurement(HttpClient http, AppProcess app) {
		this.http = http;
		this.app = app.signallingUri();
		this.heap = new HeapProbe(app.pid());
		this.metrics = new AppMetrics(http, app.httpsUri("/actuator/prometheus"));
	}

	/**
	 * @param idle how many idle connections to open
	 * @param started how many of them to start, at most {@code idle}
	 * @return the heap figures
	 */
	HeapResult run(int idle, int started) {
		this.metrics.awaitConnections(0, TIMEOUT);
		long baseline = this.heap.usedAfterFullGc();
		Map<String, HeapProbe.ClassUsage> before = this.heap.histogram();
		List<WatchedSession> sessions = new ArrayList<>();
		for (int i = 0; i < idle; i++) {
			sessions.add(new WatchedSession());
		}
		List<SignallingConnection> connections = Connections.open(this.http, this.app, sessions);
		try {
			this.metrics.awaitConnections(idle, TIMEOUT);
			long withIdle = this.heap.usedAfterFullGc();
			Map<String, HeapProbe.ClassUsage> afterIdle = this.heap.histogram();
			int starting = Math.min(started, idle);
			if (starting == 0) {
				return new HeapResult(idle, baseline, withIdle, 0, withIdle, top(before, afterIdle, idle), List.of());
			}
			startAll(connections.subList(0, starting), sessions.subList(0, starting));
			long withStarted = this.heap.usedAfterFullGc();
			List<HeapResult.ClassShare> perStart = top(afterIdle, this.heap.histogram(), starting);
			for (int i = 0; i < starting; i++) {
				connections.get(i).send(SignallingMessages.STOP);
			}
			return new HeapResult(idle, baseline, withIdle, starting, withStarted, top(before, afterIdle, idle),
					perStart);
		}
		finally {
			Connections.close(connections);
		}
	}

	private static void startAll(List<SignallingConnection> connections, List<WatchedSession> sessions) {
		for (int from = 0; from < connections.size(); from += START_BATCH) {
			int to = Math.min(connections.size(), from + START_BATCH);
			for (int i = from; i < to; i++) {
				connections.get(i).send(SignallingMessages.START);
			}
			for (WatchedSession session : sessions.subList(from, to)) {
				session.firstCandidate().orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
			}
		}
		awaitSteady(() -> count(sessions));
	}

	// Until the value stays the same for half a second: the candidates' trickle or the releases are over.
	private static void awaitSteady(IntSupplier value) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		int last = Integer.MIN_VALUE;
		int now = value.getAsInt();
		while (now != last && System.nanoTime() < deadline) {
			last = now;
			Pause.millis(500);
			now = value.getAsInt();
		}
	}

	private static int count(List<WatchedSession> sessions) {
		int total = 0;
		for (WatchedSession session : sessions) {
			total += session.candidates();
		}
		return total;
	}

	private static List<HeapResult.ClassShare> top(Map<String, HeapProbe.ClassUsage> before,
			Map<String, HeapProbe.ClassUsage> after, int divisor) {
		List<HeapResult.ClassShare> shares = new ArrayList<>();
		after.forEach((name, usage) -> {
			HeapProbe.ClassUsage old = before.getOrDefault(name, new HeapProbe.ClassUsage(0, 0));
			long bytes = usage.bytes() - old.bytes();
			if (bytes > 0) {
				shares.add(new HeapResult.ClassShare(name, (double) bytes / divisor,
						(double) (usage.instances() - old.instances()) / divisor));
			}
		});
		shares.sort(Comparator.comparingDouble(HeapResult.ClassShare::bytesPerConnection).reversed());
		return List.copyOf(shares.subList(0, Math.min(TOP, shares.size())));
	}
}
