package io.github.mediastreams.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class RepeatThrottleTest {

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final RepeatThrottle throttle = new RepeatThrottle(Duration.ofSeconds(10), clock);

    @Test
    void theSamePlateInConsecutiveFramesIsReportedOnce() {
        assertThat(throttle.shouldReport("2748DKR")).isTrue();
        clock.advance(Duration.ofMillis(40));
        assertThat(throttle.shouldReport("2748DKR")).isFalse();
        clock.advance(Duration.ofSeconds(9));
        assertThat(throttle.shouldReport("2748DKR")).isFalse();
    }

    @Test
    void aPlateStillInViewIsReportedAgainOncePerInterval() {
        assertThat(throttle.shouldReport("2748DKR")).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(throttle.shouldReport("2748DKR")).isFalse();
        // 10 s after the report, not after the last (suppressed) sighting.
        clock.advance(Duration.ofSeconds(5));
        assertThat(throttle.shouldReport("2748DKR")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.shouldReport("2748DKR")).isFalse();
    }

    @Test
    void alternatingPlatesAreAllReported() {
        // The recorded clip shows two plates one after the other.
        assertThat(throttle.shouldReport("2748DKR")).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(throttle.shouldReport("8415FPV")).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(throttle.shouldReport("2748DKR")).isTrue();
        assertThat(throttle.shouldReport("2748DKR")).isFalse();
    }

    @Test
    void aZeroIntervalReportsEverything() {
        RepeatThrottle everything = new RepeatThrottle(Duration.ZERO, clock);
        assertThat(everything.shouldReport("2748DKR")).isTrue();
        assertThat(everything.shouldReport("2748DKR")).isTrue();
    }

    @Test
    void rejectsANegativeInterval() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RepeatThrottle(Duration.ofSeconds(-1), clock));
    }

    @Test
    void concurrentDetectionsOfOnePlateAreReportedOnce() throws Exception {
        RepeatThrottle shared = new RepeatThrottle(Duration.ofSeconds(10),
                Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < threads * 50; i++) {
                Callable<Boolean> ask = () -> {
                    start.await();
                    return shared.shouldReport("2748DKR");
                };
                answers.add(pool.submit(ask));
            }
            start.countDown();
            int reported = 0;
            for (Future<Boolean> answer : answers) {
                reported += answer.get() ? 1 : 0;
            }
            assertThat(reported).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
