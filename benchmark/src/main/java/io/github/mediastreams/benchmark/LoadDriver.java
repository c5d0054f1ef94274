package io.github.mediastreams.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one phase of N parallel signalling clients through start/stop cycles against the app: opens the
 * connections, lets every client cycle for the warm-up plus the measuring time, waits for the last setups (bounded
 * by the setup timeout), and closes the connections.
 */
final class LoadDriver {

	private final HttpClient http;

	private final URI app;

	private final ScheduledExecutorService timer;

	private final Duration timeout;

	private final CpuMeter cpu;

	/**
	 * @param http the shared client
	 * @param app the app's signalling address
	 * @param timer times holds and timeouts
	 * @param timeout how long a setup may take before it counts as failed
	 * @param cpu reads the CPU time each side uses
	 */
	LoadDriver(HttpClient http, URI app, ScheduledExecutorService timer, Duration timeout, CpuMeter cpu) {
		this.http = http;
		this.app = app;
		this.timer = timer;
		this.timeout = timeout;
		this.cpu = cpu;
	}

	/**
	 * @param clients how many clients cycle in parallel
	 * @param warmUp how long they cycle before setups count
	 * @param measure how long setups count
	 * @param cycle how long each started session is kept, and the pause before the next start
	 * @param spread the clients' first starts are spread evenly over this time, within the warm-up
	 * @return the stats of the phase, to be named by the caller
	 */
	PhaseStats run(int clients, Duration warmUp, Duration measure, CyclingClient.Cycle cycle, Duration spread) {
		CpuMeter.Reading before = this.cpu.read();
		CountDownLatch done = new CountDownLatch(clients);
		List<CyclingClient> cyclers = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			cyclers.add(new CyclingClient(this.timer, cycle, this.timeout, done));
		}
		List<SignallingConnection> connections = Connections.open(this.http, this.app, cyclers);
		PhaseStats stats = null;
		try {
			// The window is fixed once every connection is open, so opening them is not measured.
			long now = System.nanoTime();
			stats = new PhaseStats(now + warmUp.toNanos(), now + warmUp.toNanos() + measure.toNanos());
			for (int i = 0; i < clients; i++) {
				cyclers.get(i).begin(connections.get(i), stats, spread.multipliedBy(i).dividedBy(clients));
			}
			PhaseStats counted = stats;
			AtomicReference<CpuMeter.Reading> atWindowStart = new AtomicReference<>(before);
			this.timer.schedule(() -> atWindowStart.set(this.cpu.read()), warmUp.toNanos(), TimeUnit.NANOSECONDS);
			this.timer.schedule(() -> {
				counted.windowCpuUsed(this.cpu.read().since(atWindowStart.get()));
				cyclers.forEach(CyclingClient::phaseOver);
			}, warmUp.plus(measure).toNanos(), TimeUnit.NANOSECONDS);
			long bound = warmUp.plus(measure).plus(this.timeout).plusSeconds(5).toMillis();
			if (!done.await(bound, TimeUnit.MILLISECONDS)) {
				System.err.println("warning: " + done.getCount() + " clients had not finished; closing them");
			}
			return stats;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		finally {
			Connections.close(connections);
			if (stats != null) {
				stats.cpuUsed(this.cpu.read().since(before));
			}
		}
	}
}
