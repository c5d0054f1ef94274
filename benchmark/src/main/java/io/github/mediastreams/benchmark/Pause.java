package io.github.mediastreams.benchmark;

/** The benchmark's one way to wait a moment between polls: an interrupt ends the run rather than the wait. */
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
}
