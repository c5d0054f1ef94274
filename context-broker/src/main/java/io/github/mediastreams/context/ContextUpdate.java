package io.github.mediastreams.context;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change to one entity, before it is shaped for an API.
 *
 * @param kind what it reports (metrics tag, logs)
 * @param entityId the entity's id
 * @param entityType the entity's type, used when the entity has to be created
 * @param observed the attributes this observation sets; they are the update (PATCH) body
 * @param descriptive attributes that describe the entity itself; sent only when creating it, so that
 *     values set by an operator are never overwritten
 * @param observedAt when the observation was made (NGSI-LD {@code observedAt})
 */
record ContextUpdate(
        UpdateKind kind,
        String entityId,
        String entityType,
        Map<String, Attribute> observed,
        Map<String, Attribute> descriptive,
        Instant observedAt) {

    ContextUpdate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(observedAt, "observedAt");
        // Copies that keep insertion order: the JSON bodies list attributes as declared.
        observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed));
        descriptive = Collections.unmodifiableMap(new LinkedHashMap<>(descriptive));
    }

    /** For logs: which entity, without the observed values (a plate is personal data). */
    String describe() {
        return kind.tag() + " update of " + entityType + " " + entityId;
    }
}
