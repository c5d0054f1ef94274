package io.github.mediastreams.context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Lets a value that repeats in consecutive detections through once per interval.
 *
 * <p>A plate in front of the camera is read in frame after frame; people and the Context Broker want
 * to hear about it once, not thirty times a second. {@link #shouldReport(String)} answers {@code true}
 * for a key the first time, {@code false} while the same key keeps coming within the interval, and
 * {@code true} again once the interval has passed since it was last reported. A different key in
 * between ends the repetition, so alternating plates {@code A, B, A} are all reported.
 *
 * <p>Use one instance per video source (per session) and ask it once per detection, then do every
 * kind of reporting (browser message, Context Broker update) only when it says yes, so both stay in
 * step. Pass {@link Plate#normalized()} as the key, so that plates are compared on the characters
 * actually read. Thread-safe.
 */
public final class RepeatThrottle {

    private final Duration interval;
    private final Clock clock;

    // Guarded by "this": the pair must change together.
    private @Nullable String lastKey;
    private @Nullable Instant lastReportedAt;

    /**
     * A throttle on the system clock.
     *
     * @param interval how long a repeated key stays quiet after being reported; zero reports every time
     */
    public RepeatThrottle(Duration interval) {
        this(interval, Clock.systemUTC());
    }

    /**
     * A throttle on the given clock (tests pass a fixed or mutable one instead of sleeping).
     *
     * @param interval how long a repeated key stays quiet after being reported; zero reports every time
     * @param clock the time source
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public RepeatThrottle(Duration interval, Clock clock) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
    }

    /**
     * Records a detection of {@code key} and says whether to report it.
     *
     * @param key what was detected, e.g. a normalised plate
     * @return {@code true} to report it now; {@code false} when it is a repeat of the key last reported
     *     less than the interval ago
     */
    public synchronized boolean shouldReport(String key) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        if (key.equals(lastKey) && lastReportedAt != null && now.isBefore(lastReportedAt.plus(interval))) {
            // Keep lastReportedAt: a plate that stays in view is reported again once per interval.
            return false;
        }
        lastKey = key;
        lastReportedAt = now;
        return true;
    }

    /**
     * The interval this throttle applies.
     *
     * @return the interval given at construction
     */
    public Duration interval() {
        return interval;
    }
}
