package io.github.mediastreams.signalling.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdown() {
		this.pool.shutdownNow();
	}

	@Test
	void runsTasksOneAtATimeInOrderOnASharedPool() throws InterruptedException {
		SerialExecutor serial = new SerialExecutor(this.pool, 1000);
		List<Integer> order = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger running = new AtomicInteger();
		AtomicInteger maxRunning = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(200);
		for (int i = 0; i < 200; i++) {
			int n = i;
			serial.offer(() -> {
				maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
				order.add(n);
				running.decrementAndGet();
				done.countDown();
			});
		}
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(maxRunning.get()).isEqualTo(1);
		assertThat(order).isSorted().hasSize(200);
	}

	@Test
	void refusesBeyondItsBacklogButForceAlwaysTakes() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		SerialExecutor serial = new SerialExecutor(this.pool, 2);
		serial.offer(() -> {
			running.countDown();
			await(release);
		});
		// With the first task running, the backlog is what follows it: two fit, a third does not.
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(serial.offer(() -> {
		})).isTrue();
		assertThat(serial.offer(() -> {
		})).isTrue();

		assertThat(serial.offer(() -> {
		})).isFalse();
		CountDownLatch forced = new CountDownLatch(1);
		serial.force(forced::countDown);

		release.countDown();
		assertThat(forced.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aFailingTaskDoesNotStopTheOnesAfterIt() throws InterruptedException {
		SerialExecutor serial = new SerialExecutor(this.pool, 10);
		CountDownLatch after = new CountDownLatch(1);
		serial.offer(() -> {
			throw new IllegalStateException("boom");
		});
		serial.offer(after::countDown);
		assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
