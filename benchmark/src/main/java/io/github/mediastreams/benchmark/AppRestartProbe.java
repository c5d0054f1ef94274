package io.github.mediastreams.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.mediastreams.testkit.KmsDouble;

/**
 * Stops the app under live sessions and starts it again on the same port, and times the pages' way back. Each page
 * reconnects as media-streams.js does when its WebSocket closes: after a delay of {@code initialDelay · 2^attempt},
 * bounded by {@code maxDelay}, of which a random half is taken away, then a fresh {@code start}. Measured from the
 * moment the new app answers its liveness check: to each page's {@code startResponse} and first {@code iceCandidate}
 * (media again, on the double). Most of it is the page's back-off: what is left of its current delay once the app is
 * back.
 */
final class AppRestartProbe {

	// media-streams.js's DEFAULT_RECONNECT.
	static final Duration INITIAL_DELAY = Duration.ofMillis(500);

	static final Duration MAX_DELAY = Duration.ofSeconds(10);

	private final HttpClient http;

	private final ScheduledExecutorService timer;

	private final Duration timeout;

	/**
	 * @param http the shared client
	 * @param timer runs the pages' reconnection delays
	 * @param timeout how long one setup may take
	 */
	AppRestartProbe(HttpClient http, ScheduledExecutorService timer, Duration timeout) {
		this.http = http;
		this.timer = timer;
		this.timeout = timeout;
	}

	/**
	 * @param kms the double the app's sessions run on
	 * @param start starts the app, on the port given (0: a free one)
	 * @param sessions how many pages are live when the app stops
	 * @return the figures
	 */
	Results.Restart run(KmsDouble kms, Function<Integer, AppProcess> start, int sessions) {
		int objectsBefore = kms.liveObjectCount();
		Recovery recovery = new Recovery(sessions);
		List<Page> pages = new ArrayList<>();
		AppProcess first = start.apply(0);
		int port = first.port();
		URI signalling = first.signallingUri();
		AppProcess again = null;
		try {
			for (int i = 0; i < sessions; i++) {
				Page page = new Page(signalling, recovery);
				pages.add(page);
				page.connect();
			}
			Pause.require(recovery.live, this.timeout.multipliedBy(2), "pages to start before the app stops");
			long stoppedAt = System.nanoTime();
			// SIGTERM: the app tells its pages it is going away (1001) and releases their pipelines.
			first.close();
			again = start.apply(port);
			recovery.backAt = System.nanoTime();
			// The page's longest delay and a setup, with room to spare.
			Duration bound = MAX_DELAY.plus(this.timeout).plusSeconds(20);
			if (!Pause.until(recovery.settled, bound)) {
				recovery.failed("not started again within " + bound.toSeconds() + " s of the app being back",
						(int) recovery.settled.getCount());
			}
			// Arrival times are kept raw: the new app takes pages a moment before its liveness check says so.
			pages.forEach((page) -> page.recordAgainst(recovery));
			pages.forEach(Page::stop);
			int objectsLeft = Math.max(0,
					Pause.untilNone(() -> kms.liveObjectCount() - objectsBefore, Duration.ofSeconds(10)));
			return recovery.result(sessions, TimeUnit.NANOSECONDS.toMillis(recovery.backAt - stoppedAt), objectsLeft);
		}
		finally {
			pages.forEach(Page::close);
			first.close();
			if (again != null) {
				again.close();
			}
		}
	}

	/**
	 * media-streams.js's {@code reconnectDelay}: exponential, bounded, with equal jitter.
	 * @param attempt 0 for the first attempt
	 * @param random in [0, 1)
	 * @return the delay before that attempt
	 */
	static Duration reconnectDelay(int attempt, double random) {
		double ceiling = Math.min(MAX_DELAY.toMillis(), INITIAL_DELAY.toMillis() * Math.pow(2, Math.min(attempt, 30)));
		return Duration.ofMillis(Math.round(ceiling / 2 + random * (ceiling / 2)));
	}

	/** What the pages saw, gathered from all of them. */
	private static final class Recovery {

		private final CountDownLatch live;

		private final CountDownLatch settled;

		private volatile long backAt = Long.MAX_VALUE;

		private final LatencyRecorder toAnswer = new LatencyRecorder();

		private final LatencyRecorder toFirstCandidate = new LatencyRecorder();

		private final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger startedAgain = new AtomicInteger();

		private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

		Recovery(int sessions) {
			this.live = new CountDownLatch(sessions);
			this.settled = new CountDownLatch(sessions);
		}

		void failed(String reason, int count) {
			String key = reason.length() > 160 ? reason.substring(0, 160) + "..." : reason;
			this.failures.computeIfAbsent(key, (k) -> new AtomicLong()).addAndGet(count);
		}

		Results.Restart result(int sessions, long downMillis, int objectsLeft) {
			Map<String, Long> why = new LinkedHashMap<>();
			this.failures.forEach((reason, count) -> why.put(reason, count.get()));
			return new Results.Restart(sessions, downMillis, this.startedAgain.get(),
					sessions == 0 ? 0 : (double) this.attempts.get() / sessions, this.toAnswer.summary(),
					this.toFirstCandidate.summary(), Map.copyOf(why), objectsLeft);
		}
	}

	/**
	 * One page: starts, and when its WebSocket closes, connects again after the page's delay and starts again.
	 * Each connection gets a handler of its own, so that what an old one says is ignored.
	 */
	private final class Page {

		private final URI app;

		private final Recovery recovery;

		private int generation;

		private int attempt;

		private boolean answered;

		private boolean liveBefore;

		private boolean liveAgain;

		// The WebSocket of the live session closed: what follows is the way back.
		private boolean lost;

		private long answeredAgainAt;

		private long liveAgainAt;

		private boolean stopped;

		private SignallingConnection connection;

		Page(URI app, Recovery recovery) {
			this.app = app;
			this.recovery = recovery;
		}

		synchronized void connect() {
			int mine = ++this.generation;
			SignallingConnection.open(AppRestartProbe.this.http, this.app,
					(connection, id, arrivedAt, text) -> onMessage(mine, connection, id, arrivedAt, text))
				.whenComplete((opened, failure) -> opened(mine, opened, failure));
		}

		private synchronized void opened(int mine, SignallingConnection opened, Throwable failure) {
			if (mine != this.generation || this.stopped) {
				if (opened != null) {
					closeLater(opened);
				}
				return;
			}
			if (failure != null) {
				retry();
				return;
			}
			this.connection = opened;
			this.answered = false;
			opened.send(SignallingMessages.START_RESTARTING);
		}

		private synchronized void onMessage(int mine, SignallingConnection from, String id, long arrivedAt,
				CharSequence text) {
			if (mine != this.generation || this.stopped) {
				return;
			}
			switch (id) {
				case "startResponse" -> {
					this.answered = true;
					this.attempt = 0;
					if (this.lost && !this.liveAgain) {
						this.answeredAgainAt = arrivedAt;
					}
				}
				case "iceCandidate" -> {
					if (!this.answered) {
						return;
					}
					if (!this.liveBefore) {
						this.liveBefore = true;
						this.recovery.live.countDown();
					}
					else if (this.lost && !this.liveAgain) {
						this.liveAgain = true;
						this.liveAgainAt = arrivedAt;
						this.recovery.startedAgain.incrementAndGet();
						this.recovery.settled.countDown();
					}
				}
				case "closed" -> retry();
				case "error" -> {
					// A passing error (retry:true) is the page's cue to reconnect; any other is a failure.
					if (text.toString().contains("\"retry\":true")) {
						retry();
						closeLater(from);
					}
					else if (this.lost && !this.liveAgain) {
						this.liveAgain = true;
						this.recovery.failed(text.toString(), 1);
						this.recovery.settled.countDown();
					}
				}
				default -> {
					// mediaState and the like: not this probe's business.
				}
			}
		}

		// The WebSocket is gone: the next attempt after the page's delay. Called with the monitor held.
		private void retry() {
			int mine = ++this.generation;
			this.connection = null;
			if (this.liveBefore) {
				this.lost = true;
				this.recovery.attempts.incrementAndGet();
			}
			Duration delay = reconnectDelay(this.attempt++, ThreadLocalRandom.current().nextDouble());
			AppRestartProbe.this.timer.schedule(() -> {
				synchronized (this) {
					if (mine == this.generation && !this.stopped) {
						connect();
					}
				}
			}, delay.toMillis(), TimeUnit.MILLISECONDS);
		}

		/** One sample per page that had media again, from the app being back (none can be earlier). */
		synchronized void recordAgainst(Recovery recovery) {
			if (this.liveAgainAt != 0) {
				recovery.toAnswer.record(Math.max(0, this.answeredAgainAt - recovery.backAt));
				recovery.toFirstCandidate.record(Math.max(0, this.liveAgainAt - recovery.backAt));
			}
		}

		// A close waits for the app's answer: never with the page's monitor held.
		private void closeLater(SignallingConnection connection) {
			CompletableFuture.runAsync(connection::close);
		}

		synchronized void stop() {
			if (this.connection != null) {
				this.connection.send(SignallingMessages.STOP);
			}
		}

		void close() {
			SignallingConnection last;
			synchronized (this) {
				this.stopped = true;
				last = this.connection;
				this.connection = null;
			}
			if (last != null) {
				last.close();
			}
		}
	}
}
