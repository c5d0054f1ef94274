package io.github.mediastreams.context;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * An attribute value independent of the API flavour; {@link NgsiV2Payloads} and {@link NgsiLdPayloads}
 * turn it into the typed JSON each API expects.
 */
sealed interface Attribute {

    /** A string: v2 type {@code Text}. */
    record Text(String value) implements Attribute {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A number (integers stay integers in the JSON): v2 type {@code Number}. */
    record Numeric(Number value) implements Attribute {
        public Numeric {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A point in time, sent as ISO-8601 UTC with milliseconds: v2 type {@code DateTime}. */
    record DateTime(Instant value) implements Attribute {
        // Milliseconds always present: Orion's DateTime parsing does not take finer fractions.
        private static final DateTimeFormatter ISO_MILLIS =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        public DateTime {
            Objects.requireNonNull(value, "value");
        }

        /** E.g. {@code 2026-11-24T05:09:22.123Z}. */
        String iso() {
            return ISO_MILLIS.format(value);
        }
    }

    /** A JSON object made of maps, strings and numbers: v2 type {@code StructuredValue}. */
    record Structured(Map<String, ?> value) implements Attribute {
        public Structured {
            value = Map.copyOf(value);
        }
    }

    /** A link to another entity by id: {@code Relationship} in both APIs. */
    record Relationship(String target) implements Attribute {
        public Relationship {
            Objects.requireNonNull(target, "target");
        }
    }
}
