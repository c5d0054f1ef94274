package io.github.mediastreams.context;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code context.updates.sent}, {@code context.updates.failed} and {@code context.updates.dropped}
 * counters, tagged {@code kind=plate|crowd}. Registered up front so dashboards see zeros, not gaps.
 */
final class ContextMetrics {

    static final String SENT = "context.updates.sent";
    static final String FAILED = "context.updates.failed";
    static final String DROPPED = "context.updates.dropped";

    private final Map<UpdateKind, Counter> sent = new EnumMap<>(UpdateKind.class);
    private final Map<UpdateKind, Counter> failed = new EnumMap<>(UpdateKind.class);
    private final Map<UpdateKind, Counter> dropped = new EnumMap<>(UpdateKind.class);

    ContextMetrics(MeterRegistry registry) {
        for (UpdateKind kind : UpdateKind.values()) {
            sent.put(kind, counter(registry, SENT, kind, "Updates the Context Broker accepted"));
            failed.put(kind, counter(registry, FAILED, kind,
                    "Updates given up on: rejected by the Context Broker, or still failing after the last retry"));
            dropped.put(kind, counter(registry, DROPPED, kind,
                    "Updates never sent because the send queue was full or the app was stopping"));
        }
    }

    void sent(UpdateKind kind) {
        sent.get(kind).increment();
    }

    void failed(UpdateKind kind) {
        failed.get(kind).increment();
    }

    void dropped(UpdateKind kind) {
        dropped.get(kind).increment();
    }

    private static Counter counter(MeterRegistry registry, String name, UpdateKind kind, String description) {
        return Counter.builder(name).tag("kind", kind.tag()).description(description).register(registry);
    }
}
