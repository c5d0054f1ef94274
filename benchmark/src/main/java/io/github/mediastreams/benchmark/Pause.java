package io.github.mediastreams.benchmark;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The benchmark's one way to wait: an interrupt ends the run rather than the wait. */
final class Pause {

	private Pause() {
	}

	/** @param millis how long to wait */
	static void millis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * @param latch what to wait for
	 * @param bound how long at most
	 * @return whether the latch reached zero in time
	 */
	static boolean until(CountDownLatch latch, Duration bound) {
		try {
			return latch.await(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * @param latch what the phase needs before it goes on
	 * @param bound how long at most
	 * @param what what the latch counts, for the error
	 * @throws IllegalStateException if the latch did not reach zero in time
	 */
	static void require(CountDownLatch latch, Duration bound, String what) {
		if (!until(latch, bound)) {
			throw new IllegalStateException(latch.getCount() + " " + what + " did not within " + bound.toSeconds()
					+ " s");
		}
	}

	/**
	 * Polls every 50 ms until nothing is left, or the time is up.
	 * @param left how much is left now, such as KMS objects not yet released
	 * @param within how long at most
	 * @return what is left at the end
	 */
	static int untilNone(IntSupplier left, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		int now = left.getAsInt();
		while (now > 0 && System.nanoTime() < deadline) {
			millis(50);
			now = left.getAsInt();
		}
		return now;
	}
}
