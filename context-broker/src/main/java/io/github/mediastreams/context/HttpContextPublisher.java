package io.github.mediastreams.context;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real publisher: queues each update and returns; one worker thread sends them in order.
 *
 * <p>One worker, and retries done by that worker before it takes the next update, so updates of an
 * entity arrive in the order they were observed: a retried old plate never overwrites a newer one.
 * While the broker is down the queue fills up and further updates are dropped (counted, logged)
 * rather than piling up in memory.
 */
final class HttpContextPublisher implements ContextPublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpContextPublisher.class);
    /** How long {@link #close()} lets queued updates go out before abandoning them. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final ContextEntities entities;
    private final ContextBrokerClient client;
    private final ContextBrokerProperties.Retry retry;
    private final ContextMetrics metrics;
    private final int queueCapacity;
    private final ThreadPoolExecutor worker;
    private final AtomicLong droppedSoFar = new AtomicLong();

    HttpContextPublisher(ContextEntities entities, ContextBrokerClient client, ContextBrokerProperties.Retry retry,
            ContextMetrics metrics, int queueCapacity) {
        this.entities = Objects.requireNonNull(entities, "entities");
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.queueCapacity = queueCapacity;
        // Bounded queue + AbortPolicy: a full queue makes execute() throw, which is where we drop.
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "context-broker-publisher");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void plateRead(Plate plate, Instant observedAt) {
        Objects.requireNonNull(plate, "plate");
        Objects.requireNonNull(observedAt, "observedAt");
        Optional<ContextUpdate> update = entities.plate(plate, observedAt);
        if (update.isPresent()) {
            enqueue(update.get());
        } else {
            log.debug("Not sending plate '{}': the detector read no character of it", plate.raw());
        }
    }

    @Override
    public void crowdOccupancy(String roiId, double percentage, int level, Instant observedAt) {
        crowd(roiId, observedAt, () -> entities.occupancy(roiId, percentage, level, observedAt));
    }

    @Override
    public void crowdFluidity(String roiId, double percentage, int level, Instant observedAt) {
        crowd(roiId, observedAt, () -> entities.fluidity(roiId, percentage, level, observedAt));
    }

    private void crowd(String roiId, Instant observedAt, Supplier<ContextUpdate> update) {
        Objects.requireNonNull(roiId, "roiId");
        Objects.requireNonNull(observedAt, "observedAt");
        try {
            enqueue(update.get());
        } catch (IllegalArgumentException e) {
            // A bad value from the detector must not break the media session's event handling.
            log.warn("Not sending a crowd event of region '{}': {}", roiId, e.getMessage());
        }
    }

    private void enqueue(ContextUpdate update) {
        try {
            worker.execute(new Send(update));
        } catch (RejectedExecutionException e) {
            metrics.dropped(update.kind());
            long dropped = droppedSoFar.incrementAndGet();
            if (worker.isShutdown()) {
                log.warn("Dropped the {}: the publisher is shut down (dropped so far: {})", update.describe(), dropped);
            } else {
                log.warn("Dropped the {}: {} updates are already waiting for the Context Broker (dropped so far: {})",
                        update.describe(), queueCapacity, dropped);
            }
        }
    }

    /** Runs on the worker: attempts with backoff until delivered, rejected, or out of attempts. */
    private void deliver(ContextUpdate update) {
        for (int attempt = 1; ; attempt++) {
            Delivery delivery = client.deliver(update);
            switch (delivery.outcome()) {
                case DELIVERED -> {
                    metrics.sent(update.kind());
                    log.debug("Sent the {}", update.describe());
                    return;
                }
                case REJECTED -> {
                    metrics.failed(update.kind());
                    log.error("The Context Broker rejected the {}: {}. Not retrying: it would reject it again",
                            update.describe(), delivery.detail());
                    return;
                }
                case RETRY -> {
                    if (attempt >= retry.maxAttempts()) {
                        metrics.failed(update.kind());
                        log.error("Gave up on the {} after {} attempts: {}", update.describe(), attempt,
                                delivery.detail());
                        return;
                    }
                    Duration delay = retry.delayAfter(attempt);
                    log.warn("Could not send the {} (attempt {} of {}): {}; retrying in {} ms", update.describe(),
                            attempt, retry.maxAttempts(), delivery.detail(), delay.toMillis());
                    if (!pause(delay)) {
                        metrics.failed(update.kind());
                        log.warn("Stopped retrying the {}: the publisher is shutting down", update.describe());
                        return;
                    }
                }
            }
        }
    }

    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops taking updates, lets the queued ones go out for a few seconds, then abandons the rest
     * (counted as dropped). Called by Spring when the application stops.
     */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (worker.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> abandoned = worker.shutdownNow();
        for (Runnable task : abandoned) {
            metrics.dropped(((Send) task).update.kind());
        }
        if (!abandoned.isEmpty()) {
            log.warn("Stopped with {} updates not sent to the Context Broker", abandoned.size());
        }
    }

    @Override
    public String toString() {
        return "HttpContextPublisher[queueCapacity=" + queueCapacity + ", retry=" + retry + "]";
    }

    private final class Send implements Runnable {
        private final ContextUpdate update;

        Send(ContextUpdate update) {
            this.update = update;
        }

        @Override
        public void run() {
            try {
                deliver(update);
            } catch (RuntimeException e) {
                // A bug here must not go unnoticed, nor kill the worker silently.
                metrics.failed(update.kind());
                log.error("Failed to send the {}", update.describe(), e);
            }
        }
    }
}
