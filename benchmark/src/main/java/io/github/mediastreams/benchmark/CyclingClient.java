package io.github.mediastreams.benchmark;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One browser going through start/stop cycles until its phase is over: send {@code start}, wait for
 * {@code startResponse} and the first {@code iceCandidate}, keep the session for the hold time, send {@code stop},
 * pause, and start again. A setup that gets an {@code error}, or no answer within the timeout, counts as failed.
 */
final class CyclingClient implements SignallingConnection.Handler {

	private enum State {
		IDLE, AWAITING_ANSWER, AWAITING_CANDIDATE, HOLDING, PAUSING, DONE
	}

	private static final Duration AFTER_ERROR = Duration.ofMillis(100);

	private final ScheduledExecutorService timer;

	private final Cycle cycleTimes;

	private final Duration timeout;

	private final CountDownLatch done;

	private PhaseStats stats;

	private SignallingConnection connection;

	private State state = State.IDLE;

	private long cycle;

	private long startedAt;

	private long answeredAt;

	private ScheduledFuture<?> deadline;

	/**
	 * @param timer times the hold, the pause and the timeout
	 * @param cycleTimes how long a session is kept and how long to pause after it
	 * @param timeout how long a setup may take before it counts as failed
	 * @param done counted down once this client has finished
	 */
	CyclingClient(ScheduledExecutorService timer, Cycle cycleTimes, Duration timeout, CountDownLatch done) {
		this.timer = timer;
		this.cycleTimes = cycleTimes;
		this.timeout = timeout;
		this.done = done;
	}

	/**
	 * @param connection the open connection to cycle on
	 * @param stats where the setups are counted; it also says when the phase is over
	 * @param firstStartIn when to send the first {@code start}, to spread the clients' first starts
	 */
	synchronized void begin(SignallingConnection connection, PhaseStats stats, Duration firstStartIn) {
		this.connection = connection;
		this.stats = stats;
		after(firstStartIn, this::startNext);
	}

	@Override
	public synchronized void onMessage(SignallingConnection source, String id, long arrivedAt, CharSequence text) {
		if (this.stats == null) {
			return;
		}
		if ("startResponse".equals(id) && this.state == State.AWAITING_ANSWER) {
			this.answeredAt = arrivedAt;
			this.state = State.AWAITING_CANDIDATE;
		}
		else if ("iceCandidate".equals(id) && this.state == State.AWAITING_CANDIDATE) {
			this.deadline.cancel(false);
			this.stats.setup(this.startedAt, this.answeredAt, arrivedAt);
			this.state = State.HOLDING;
			after(this.cycleTimes.hold(), this::stopThenPause);
		}
		else if ("error".equals(id) && awaiting() && !answersStop(text)) {
			// The app has ended the failed start itself: no stop, and a pause so a failing app is not hammered.
			this.deadline.cancel(false);
			this.stats.failure(this.startedAt, text.toString());
			this.state = State.PAUSING;
			after(AFTER_ERROR, this::startNext);
		}
		else if ("closed".equals(id)) {
			if (awaiting()) {
				this.stats.failure(this.startedAt, "connection closed: " + text);
			}
			finish();
		}
	}

	// The app's answer to a stop that found no session, after a start that had failed or timed out: not this start's.
	private static boolean answersStop(CharSequence text) {
		return text.toString().contains("no session to stop");
	}

	private boolean awaiting() {
		return this.state == State.AWAITING_ANSWER || this.state == State.AWAITING_CANDIDATE;
	}

	private void startNext() {
		if (this.state == State.DONE) {
			return;
		}
		if (this.stats.over(System.nanoTime())) {
			finish();
			return;
		}
		long thisCycle = ++this.cycle;
		this.state = State.AWAITING_ANSWER;
		this.startedAt = System.nanoTime();
		this.connection.send(SignallingMessages.START);
		this.deadline = this.timer.schedule(() -> timedOut(thisCycle), this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private synchronized void timedOut(long timedCycle) {
		if (timedCycle == this.cycle && awaiting()) {
			this.stats.failure(this.startedAt, "no answer and candidate within " + this.timeout.toMillis() + " ms");
			stopThenPause();
		}
	}

	private void stopThenPause() {
		if (this.state == State.DONE) {
			return;
		}
		this.connection.send(SignallingMessages.STOP);
		this.state = State.PAUSING;
		after(this.cycleTimes.pause(), this::startNext);
	}

	// Runs the step now on this thread, or later on the timer under this client's lock.
	private void after(Duration delay, Runnable step) {
		if (delay.isZero()) {
			step.run();
			return;
		}
		this.timer.schedule(() -> {
			synchronized (this) {
				step.run();
			}
		}, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** The phase is over: a client holding its session or pausing stops now rather than at the end of its hold. */
	synchronized void phaseOver() {
		if (this.state == State.HOLDING) {
			this.connection.send(SignallingMessages.STOP);
			finish();
		}
		else if (this.state == State.PAUSING) {
			finish();
		}
	}

	private void finish() {
		if (this.state != State.DONE) {
			this.state = State.DONE;
			this.done.countDown();
		}
	}

	/**
	 * The rhythm of a client's cycles.
	 * @param hold how long a started session is kept before {@code stop}
	 * @param pause how long to wait after {@code stop} before the next {@code start}
	 */
	record Cycle(Duration hold, Duration pause) {

		static final Cycle BACK_TO_BACK = new Cycle(Duration.ZERO, Duration.ZERO);
	}
}
