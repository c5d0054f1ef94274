package io.github.mediastreams.benchmark;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

import org.kurento.client.KurentoClient;

import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The benchmark: starts the media server (the double, unless {@code --kms-url} names a real one) and hello-world
 * from its packaged jar, warms up, reads the app's heap per session, counts the sequential KMS round trips of one
 * start, runs our start and the naive sequence side by side at each KMS latency, runs the load phases, then (on the
 * double) the scale-out phases on one and three media servers and the failover, and prints the report with each
 * target's verdict. Every phase is bounded in count and time, and everything stays on loopback.
 */
public final class Benchmark {

	private static final Duration WARM_UP = Duration.ofSeconds(3);

	private static final Duration PHASE_WARM_UP = Duration.ofSeconds(1);

	private static final Duration LOAD_WARM_UP = Duration.ofSeconds(2);

	private static final Duration LOAD_SPREAD = Duration.ofSeconds(1);

	// Few enough that their transactions never fill kurento-client's 64 KiB write buffer at once (see README).
	private static final int WARM_UP_CLIENTS = 4;

	private final BenchmarkOptions options;

	private final PrintStream out;

	private final PrintStream progress;

	private final long began = System.nanoTime();

	Benchmark(BenchmarkOptions options, PrintStream out, PrintStream progress) {
		this.options = options;
		this.out = out;
		this.progress = progress;
	}

	public static void main(String[] args) {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			if (!ex.getMessage().isEmpty()) {
				System.err.println(ex.getMessage());
			}
			System.err.println(BenchmarkOptions.USAGE);
			System.exit(2);
			return;
		}
		new Benchmark(options, System.out, System.err).run();
		System.exit(0);
	}

	/** @return the results, after printing them */
	Results run() {
		ReportPrinter printer = new ReportPrinter(this.out);
		ExecutorService io = Executors.newFixedThreadPool(4, daemon("signalling-client"));
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("signalling-timer"));
		timer.setRemoveOnCancelPolicy(true);
		HttpClient http = LoopbackHttp.newClient(io);
		try {
			Results results;
			try (MediaServerUnderTest kms = this.options.kmsUrl() == null ? MediaServerUnderTest.startDouble()
					: MediaServerUnderTest.real(this.options.kmsUrl())) {
				step("starting " + this.options.appJar() + " against " + kms.url());
				try (AppProcess app = AppProcess.start(this.options.appJar(), List.of(kms.url()), "app",
						this.options.workDir(), this.options.appJvmOptions(), this.options.tls(), http,
						Duration.ofSeconds(120))) {
					printer.header(MachineInfo.here(), this.options, kms);
					results = measure(kms, app, http, timer);
				}
				// The pool is doubles of its own, as only doubles take a delay; it runs once this app is gone, so
				// that no two apps share the cores.
				if (kms.isDouble() && this.options.scaleClients() > 0) {
					results = results.withScaleOut(new ScaleOut(this.options, http, timer, this::step).run());
				}
				if (kms.isDouble() && this.options.restartSessions() > 0) {
					step("app restart: " + this.options.restartSessions() + " pages live, the app stopped and started "
							+ "again on its port");
					kms.delayEveryCall(Duration.ZERO);
					results = results.withRestart(new AppRestartProbe(http, timer, this.options.timeout()).run(
							kms.kmsDouble().orElseThrow(),
							(port) -> AppProcess.start(this.options.appJar(), List.of(kms.url()),
									port == 0 ? "app-restart" : "app-restarted", this.options.workDir(),
									this.options.appJvmOptions(), this.options.tls(), http, Duration.ofSeconds(120),
									port),
							this.options.restartSessions()));
				}
			}
			printer.roundTrips(results);
			printer.phases(results);
			printer.heap(results.heap());
			printer.scaleOut(results.scaleOut());
			printer.restart(results.restart());
			printer.targets(Targets.check(results));
			step("done");
			return results;
		}
		finally {
			timer.shutdownNow();
			io.shutdownNow();
		}
	}

	private Results measure(MediaServerUnderTest kms, AppProcess app, HttpClient http,
			ScheduledThreadPoolExecutor timer) {
		URI signalling = app.signallingUri();
		CpuMeter cpu = new CpuMeter(app.pid());
		LoadDriver driver = new LoadDriver(http, signalling, timer, this.options.timeout(), cpu);
		step("warming up for " + WARM_UP.toSeconds() + " s");
		driver.run(WARM_UP_CLIENTS, Duration.ZERO, WARM_UP, CyclingClient.Cycle.BACK_TO_BACK, Duration.ZERO);

		HeapResult heap = null;
		if (this.options.idle() > 0) {
			step("heap: " + this.options.idle() + " idle connections, " + this.options.started() + " started");
			heap = new HeapMeasurement(http, app).run(this.options.idle(), this.options.started());
		}

		KurentoClient kurento = KurentoClient.create(kms.url());
		try {
			NaiveSequence naive = new NaiveSequence(kurento, SignallingClient.chromiumOffer(), this.options.timeout());
			NaiveDriver naiveDriver = new NaiveDriver(naive, this.options.timeout(), cpu);
			step("naive warm-up");
			naiveDriver.run(this.options.clients(), Duration.ZERO, PHASE_WARM_UP, this.options.pause());

			List<RoundTripAnalyser.Wave> ourWaves = List.of();
			List<RoundTripAnalyser.Wave> naiveWaves = List.of();
			if (kms.isDouble()) {
				step("round trips, " + this.options.roundTripDelay().toMillis() + " ms per KMS call");
				RoundTripProbe probe = new RoundTripProbe(kms.kmsDouble().orElseThrow(), this.options.roundTripDelay());
				ourWaves = probe.ourStart(http, signalling);
				naiveWaves = probe.naiveStart(naive);
			}

			List<Results.Comparison> comparisons = new ArrayList<>();
			for (Duration delay : kms.isDouble() ? this.options.delays() : List.of(Duration.ofMillis(-1))) {
				long delayMillis = delay.toMillis();
				if (kms.isDouble()) {
					kms.delayEveryCall(delay);
				}
				String at = delayMillis < 0 ? "the real KMS" : delayMillis + " ms per KMS call";
				step("ours, " + this.options.clients() + " clients, " + at);
				PhaseResult ours = driver
					.run(this.options.clients(), PHASE_WARM_UP, this.options.seconds(),
							new CyclingClient.Cycle(Duration.ZERO, this.options.pause()), Duration.ZERO)
					.result("ours", this.options.clients(), delayMillis);
				step("naive, " + this.options.clients() + " threads, " + at);
				PhaseResult naiveResult = naiveDriver
					.run(this.options.clients(), PHASE_WARM_UP, this.options.seconds(), this.options.pause())
					.result("naive", this.options.clients(), delayMillis);
				comparisons.add(new Results.Comparison(ours, naiveResult));
			}

			long loadDelay = kms.isDouble() ? this.options.loadDelay().toMillis() : -1;
			if (kms.isDouble()) {
				kms.delayEveryCall(this.options.loadDelay());
			}
			int clients = this.options.loadClients();
			PhaseResult held = null;
			if (!this.options.hold().isZero()) {
				// First starts spread over one hold, which is all warm-up: then starts come at an even rate.
				Duration hold = this.options.hold();
				step("load: " + clients + " live sessions, each restarted after " + hold.toMillis() + " ms");
				held = driver
					.run(clients, hold, this.options.loadSeconds(), new CyclingClient.Cycle(hold, Duration.ZERO), hold)
					.result("held " + hold.toMillis() + " ms", clients, loadDelay);
			}
			step("load: " + clients + " clients back to back for " + this.options.loadSeconds().toSeconds() + " s");
			PhaseResult load = driver
				.run(clients, LOAD_WARM_UP, this.options.loadSeconds(), CyclingClient.Cycle.BACK_TO_BACK, LOAD_SPREAD)
				.result("back to back", clients, loadDelay);
			return new Results(this.options.roundTripDelay(), ourWaves, naiveWaves, comparisons, load, held, heap,
					null, null);
		}
		finally {
			kurento.destroy();
		}
	}

	private void step(String what) {
		this.progress.printf(Locale.ROOT, "[benchmark %5.1f s] %s%n", (System.nanoTime() - this.began) / 1e9,
				what);
		this.progress.flush();
	}

	private static ThreadFactory daemon(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}
}
