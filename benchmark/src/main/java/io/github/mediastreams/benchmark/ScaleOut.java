package io.github.mediastreams.benchmark;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.mediastreams.testkit.KmsDouble;

/**
 * The scale-out phases: hello-world on one media server, then on a pool of three, every client starting back to
 * back, so that sessions per second say how far the pool multiplies what one server gives; then, on the pool, one
 * server killed under live sessions ({@link FailoverProbe}).
 *
 * <p>Each media server is a double of its own that answers every call after the set delay and handles a
 * connection's calls one at a time, as KMS does, so one server serves at most 1 / delay calls a second to the app:
 * a media server of bounded capacity, as a real one is bounded by its CPU. Without that delay the doubles would be
 * as fast as the benchmark's JVM and the pool would have nothing to add.
 */
final class ScaleOut {

	static final int POOL = 3;

	private static final Duration WARM_UP = Duration.ofSeconds(3);

	private static final Duration PHASE_WARM_UP = Duration.ofSeconds(2);

	private static final Duration SPREAD = Duration.ofSeconds(1);

	private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);

	private static final String WEBRTC_ENDPOINT = "WebRtcEndpoint";

	private final BenchmarkOptions options;

	private final HttpClient http;

	private final ScheduledExecutorService timer;

	private final Consumer<String> step;

	/**
	 * @param options the run's options: the scale-out ones, the app's and the load phase's time
	 * @param http the shared client
	 * @param timer times the clients' cycles and the samples
	 * @param step told of each step, for the progress lines
	 */
	ScaleOut(BenchmarkOptions options, HttpClient http, ScheduledExecutorService timer, Consumer<String> step) {
		this.options = options;
		this.http = http;
		this.timer = timer;
		this.step = step;
	}

	/** @return the figures of both phases and of the failover */
	ScaleOutResult run() {
		List<KmsDouble> pool = new ArrayList<>();
		try {
			for (int i = 0; i < POOL; i++) {
				KmsDouble kms = KmsDouble.builder().requestLogLimit(100).start();
				kms.faults().delayAll(this.options.scaleDelay());
				pool.add(kms);
			}
			ScaleOutResult.Servers one;
			try (AppProcess app = start(pool.subList(0, 1))) {
				one = saturate(app, pool.subList(0, 1));
			}
			ScaleOutResult.Servers several;
			ScaleOutResult.Failover failover = null;
			try (AppProcess app = start(pool)) {
				several = saturate(app, pool);
				if (this.options.failoverSessions() > 0) {
					this.step.accept("failover: " + this.options.failoverSessions() + " sessions on " + POOL
							+ " media servers, the busiest killed");
					failover = new FailoverProbe(this.http, app.signallingUri(), this.options.timeout()).run(pool,
							this.options.failoverSessions());
				}
			}
			return new ScaleOutResult(this.options.scaleDelay().toMillis(), Runtime.getRuntime().availableProcessors(),
					one, several, failover);
		}
		finally {
			pool.forEach(KmsDouble::close);
		}
	}

	private AppProcess start(List<KmsDouble> servers) {
		List<String> urls = servers.stream().map(KmsDouble::uri).toList();
		this.step.accept("scale-out: starting the app on " + servers.size() + " media server(s)");
		return AppProcess.start(this.options.appJar(), urls, "app-" + servers.size() + "-media-servers",
				this.options.workDir(), this.options.appJvmOptions(), this.options.tls(), this.http,
				Duration.ofSeconds(120));
	}

	private ScaleOutResult.Servers saturate(AppProcess app, List<KmsDouble> servers) {
		CpuMeter cpu = new CpuMeter(app.pid());
		LoadDriver driver = new LoadDriver(this.http, app.signallingUri(), this.timer, this.options.timeout(), cpu);
		driver.run(4, Duration.ZERO, WARM_UP, CyclingClient.Cycle.BACK_TO_BACK, Duration.ZERO);
		int clients = this.options.scaleClients();
		this.step.accept("scale-out: " + clients + " clients back to back on " + servers.size()
				+ " media server(s), " + this.options.scaleDelay().toMillis() + " ms per KMS call");
		LiveSessionSampler sampler = new LiveSessionSampler(servers);
		// The first starts are spread over a second; sampling begins once they are all in.
		ScheduledFuture<?> sampling = this.timer.scheduleAtFixedRate(sampler::sample,
				PHASE_WARM_UP.toMillis(), SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
		PhaseResult phase;
		try {
			phase = driver.run(clients, PHASE_WARM_UP, this.options.loadSeconds(), CyclingClient.Cycle.BACK_TO_BACK,
					SPREAD)
				.result(servers.size() + (servers.size() == 1 ? " media server" : " media servers"), clients,
						this.options.scaleDelay().toMillis());
		}
		finally {
			sampling.cancel(false);
		}
		return new ScaleOutResult.Servers(servers.size(), phase, sampler.means());
	}

	/** Counts each server's live endpoints now and then: where the app placed its sessions. */
	private static final class LiveSessionSampler {

		private final List<KmsDouble> servers;

		private final AtomicLongArray sums;

		private final AtomicInteger samples = new AtomicInteger();

		LiveSessionSampler(List<KmsDouble> servers) {
			this.servers = servers;
			this.sums = new AtomicLongArray(servers.size());
		}

		void sample() {
			for (int i = 0; i < this.servers.size(); i++) {
				this.sums.addAndGet(i, this.servers.get(i).liveObjectCount(WEBRTC_ENDPOINT));
			}
			this.samples.incrementAndGet();
		}

		List<Double> means() {
			int count = Math.max(1, this.samples.get());
			List<Double> means = new ArrayList<>();
			for (int i = 0; i < this.servers.size(); i++) {
				means.add((double) this.sums.get(i) / count);
			}
			return List.copyOf(means);
		}
	}
}
