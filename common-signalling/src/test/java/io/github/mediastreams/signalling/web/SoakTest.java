package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * Start/stop cycles over parallel connections leave no media object and no session behind. CI runs 200 cycles;
 * {@code -Dsoak.cycles=1000} runs the full soak. Prints its figures; asserts only what must hold whatever the speed.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"logging.level.io.github.mediastreams.signalling=WARN" })
class SoakTest extends AppUnderTest {

	static final int CONNECTIONS = 20;

	@Test
	void startStopCyclesLeaveNothingBehind() throws Exception {
		int cycles = Integer.getInteger("soak.cycles", 200);
		awaitMediaServer();
		kms.reset(true);
		long heapBefore = usedHeapAfterGc();
		AtomicInteger done = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();
		long started = System.nanoTime();

		ExecutorService drivers = Executors.newFixedThreadPool(CONNECTIONS);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int c = 0; c < CONNECTIONS; c++) {
				results.add(drivers.submit(() -> {
					try (SignallingClient browser = browser()) {
						while (next.getAndIncrement() < cycles) {
							browser.start(OFFER);
							browser.await("startResponse");
							browser.await("iceCandidate");
							browser.stop();
							done.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get();
			}
		}
		finally {
			drivers.shutdownNow();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		awaitNothingLeft();
		long heapAfter = usedHeapAfterGc();

		System.out.printf("soak: %d start/stop cycles over %d connections in %.1f s (%.0f cycles/s); "
				+ "after: %d live KMS objects, %d open sessions, %d claimed pipelines; "
				+ "test JVM heap after GC %d KB before, %d KB after%n", done.get(), CONNECTIONS,
				took.toMillis() / 1000.0, done.get() * 1000.0 / Math.max(1, took.toMillis()), kms.liveObjectCount(),
				this.sessions.size(), this.mediaServers.ownership().claims(), heapBefore / 1024, heapAfter / 1024);
		assertThat(done.get()).isEqualTo(cycles);
		assertThat(this.mediaServers.ownership().claims()).isZero();
		assertThat(kms.liveObjectCount()).isZero();
	}

	private static long usedHeapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}
}
