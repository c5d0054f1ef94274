package io.github.mediastreams.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.mediastreams.testkit.KmsDouble;

/**
 * Kills one media server of the pool under live sessions and times their way back: every client starts a session
 * as media-streams.js does ({@code restartOnMediaServerLoss}), the double holding the most of them is stopped, and
 * each client that gets {@code mediaServerLost} sends a fresh {@code start} at once, as the page does. Measured
 * from the kill: to each {@code mediaServerLost}, to each new {@code startResponse} and first {@code iceCandidate}.
 */
final class FailoverProbe {

	private static final String WEBRTC_ENDPOINT = "WebRtcEndpoint";

	private final HttpClient http;

	private final URI app;

	private final Duration timeout;

	/**
	 * @param http the shared client
	 * @param app the app's signalling address
	 * @param timeout how long one setup may take; the kill's detection comes on top
	 */
	FailoverProbe(HttpClient http, URI app, Duration timeout) {
		this.http = http;
		this.app = app;
		this.timeout = timeout;
	}

	/**
	 * @param pool the app's media servers, every one running
	 * @param sessions how many sessions to spread over them before the kill
	 * @return the figures; the killed double is left stopped
	 */
	ScaleOutResult.Failover run(List<KmsDouble> pool, int sessions) {
		CountDownLatch live = new CountDownLatch(sessions);
		Recovery recovery = new Recovery();
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			clients.add(new Client(live, recovery));
		}
		List<SignallingConnection> connections = Connections.open(this.http, this.app, clients);
		try {
			connections.forEach((connection) -> connection.send(SignallingMessages.START_RESTARTING));
			Pause.require(live, this.timeout.multipliedBy(2), "sessions to start before the kill");
			KmsDouble victim = pool.stream()
				.max(Comparator.comparingInt((KmsDouble kms) -> kms.liveObjectCount(WEBRTC_ENDPOINT)))
				.orElseThrow();
			int held = victim.liveObjectCount(WEBRTC_ENDPOINT);
			recovery.expect(held);
			recovery.killedAt = System.nanoTime();
			victim.stop();
			// Detection is the app's part, restarting the page's: the setup timeout bounds the latter.
			recovery.await(this.timeout.plusSeconds(20));
			connections.forEach((connection) -> connection.send(SignallingMessages.STOP));
			List<KmsDouble> survivors = pool.stream().filter((kms) -> kms != victim).toList();
			int objectsLeft = Pause.untilNone(() -> survivors.stream().mapToInt(KmsDouble::liveObjectCount).sum(),
					Duration.ofSeconds(10));
			return recovery.result(sessions, held, objectsLeft);
		}
		finally {
			Connections.close(connections);
		}
	}

	/** What the clients saw after the kill, gathered from all of them. */
	private static final class Recovery {

		private volatile long killedAt = Long.MAX_VALUE;

		private volatile CountDownLatch settled = new CountDownLatch(0);

		private final LatencyRecorder toLost = new LatencyRecorder();

		private final LatencyRecorder toAnswer = new LatencyRecorder();

		private final LatencyRecorder toFirstCandidate = new LatencyRecorder();

		private final AtomicInteger lost = new AtomicInteger();

		private final AtomicInteger answeredAgain = new AtomicInteger();

		private final AtomicInteger disturbed = new AtomicInteger();

		private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

		void expect(int held) {
			this.settled = new CountDownLatch(held);
		}

		boolean afterKill(long at) {
			return at >= this.killedAt;
		}

		void lost(long at) {
			this.lost.incrementAndGet();
			this.toLost.record(at - this.killedAt);
		}

		void answered(long at) {
			this.toAnswer.record(at - this.killedAt);
		}

		void liveAgain(long at) {
			this.toFirstCandidate.record(at - this.killedAt);
			this.answeredAgain.incrementAndGet();
			this.settled.countDown();
		}

		void failed(String reason) {
			String key = reason.length() > 160 ? reason.substring(0, 160) + "..." : reason;
			this.failures.computeIfAbsent(key, (k) -> new AtomicLong()).incrementAndGet();
			this.settled.countDown();
		}

		void disturbed() {
			this.disturbed.incrementAndGet();
		}

		void await(Duration bound) {
			if (!Pause.until(this.settled, bound)) {
				this.failures.computeIfAbsent("not answered again within " + bound.toSeconds() + " s of the kill",
						(k) -> new AtomicLong()).addAndGet(this.settled.getCount());
			}
		}

		ScaleOutResult.Failover result(int sessions, int held, int objectsLeft) {
			Map<String, Long> why = new LinkedHashMap<>();
			this.failures.forEach((reason, count) -> why.put(reason, count.get()));
			return new ScaleOutResult.Failover(sessions, held, this.lost.get(), this.answeredAgain.get(),
					this.toLost.summary(), this.toAnswer.summary(), this.toFirstCandidate.summary(),
					this.disturbed.get(), Map.copyOf(why), objectsLeft);
		}
	}

	/** One page: starts once, and once more on {@code mediaServerLost}. */
	private static final class Client implements SignallingConnection.Handler {

		private enum State {
			STARTING, LIVE, RESTARTING, AWAITING_CANDIDATE, LIVE_AGAIN, FAILED
		}

		private final CountDownLatch live;

		private final Recovery recovery;

		private State state = State.STARTING;

		private boolean answered;

		Client(CountDownLatch live, Recovery recovery) {
			this.live = live;
			this.recovery = recovery;
		}

		@Override
		public synchronized void onMessage(SignallingConnection connection, String id, long arrivedAt,
				CharSequence text) {
			switch (this.state) {
				case STARTING -> {
					if ("startResponse".equals(id)) {
						this.answered = true;
					}
					else if ("iceCandidate".equals(id) && this.answered) {
						this.state = State.LIVE;
						this.live.countDown();
					}
				}
				case LIVE -> {
					if ("mediaServerLost".equals(id)) {
						this.recovery.lost(arrivedAt);
						this.state = State.RESTARTING;
						connection.send(SignallingMessages.START_RESTARTING);
					}
					else if (("error".equals(id) || "closed".equals(id)) && this.recovery.afterKill(arrivedAt)) {
						this.recovery.disturbed();
						this.state = State.FAILED;
					}
				}
				case RESTARTING -> {
					if ("startResponse".equals(id)) {
						this.recovery.answered(arrivedAt);
						this.state = State.AWAITING_CANDIDATE;
					}
					else if ("error".equals(id) || "closed".equals(id)) {
						fail(text);
					}
				}
				case AWAITING_CANDIDATE -> {
					if ("iceCandidate".equals(id)) {
						this.recovery.liveAgain(arrivedAt);
						this.state = State.LIVE_AGAIN;
					}
					else if ("error".equals(id) || "closed".equals(id) || "mediaServerLost".equals(id)) {
						fail(text);
					}
				}
				case LIVE_AGAIN, FAILED -> {
					// Settled: what comes now is the stop's business.
				}
			}
		}

		private void fail(CharSequence text) {
			this.state = State.FAILED;
			this.recovery.failed(text.toString());
		}
	}
}
