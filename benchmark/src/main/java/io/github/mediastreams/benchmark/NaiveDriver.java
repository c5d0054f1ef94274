package io.github.mediastreams.benchmark;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the naive sequence on N threads in parallel, one blocking session after another on each, as the tutorial's
 * app does with one container thread per browser message.
 */
final class NaiveDriver {

	private final NaiveSequence sequence;

	private final Duration timeout;

	private final CpuMeter cpu;

	/**
	 * @param sequence the naive session start
	 * @param timeout the bound of one session
	 * @param cpu reads the CPU time each side uses
	 */
	NaiveDriver(NaiveSequence sequence, Duration timeout, CpuMeter cpu) {
		this.sequence = sequence;
		this.timeout = timeout;
		this.cpu = cpu;
	}

	/**
	 * @param threads how many sessions are set up in parallel
	 * @param warmUp how long they run before setups count
	 * @param measure how long setups count
	 * @param pause how long each thread waits between a session's release and the next start
	 * @return the stats of the phase
	 */
	PhaseStats run(int threads, Duration warmUp, Duration measure, Duration pause) {
		CpuMeter.Reading before = this.cpu.read();
		long now = System.nanoTime();
		PhaseStats stats = new PhaseStats(now + warmUp.toNanos(), now + warmUp.toNanos() + measure.toNanos());
		ExecutorService pool = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "naive-session");
			thread.setDaemon(true);
			return thread;
		});
		try {
			for (int i = 0; i < threads; i++) {
				pool.execute(() -> cycle(stats, pause));
			}
			pool.shutdown();
			long bound = warmUp.plus(measure).plus(this.timeout.multipliedBy(2)).plusSeconds(5).toMillis();
			if (!pool.awaitTermination(bound, TimeUnit.MILLISECONDS)) {
				System.err.println("warning: naive sessions still running; abandoning them");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		finally {
			pool.shutdownNow();
			stats.cpuUsed(this.cpu.read().since(before));
		}
		return stats;
	}

	private void cycle(PhaseStats stats, Duration pause) {
		while (!stats.over(System.nanoTime()) && !Thread.currentThread().isInterrupted()) {
			long startedAt = System.nanoTime();
			try (NaiveSequence.Session session = this.sequence.start(startedAt)) {
				stats.setup(session.startedAt(), session.answeredAt(), session.firstCandidateAt());
			}
			catch (RuntimeException ex) {
				stats.failure(startedAt, String.valueOf(ex.getMessage()));
			}
			try {
				Thread.sleep(pause.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
