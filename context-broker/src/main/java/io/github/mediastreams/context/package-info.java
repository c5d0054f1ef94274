/**
 * Context Broker client of the Media Streams apps: turns what Kurento's filters detect (vehicle
 * plates, crowd occupancy and fluidity) into NGSI-v2 or NGSI-LD updates of a FIWARE Context Broker,
 * shaped after the Smart Data Models.
 *
 * <p>Apps inject {@link io.github.mediastreams.context.ContextPublisher} (auto-configured; a no-op
 * unless {@code CONTEXT_BROKER_URL} is set), wrap the detector's text in a
 * {@link io.github.mediastreams.context.Plate}, and ask a
 * {@link io.github.mediastreams.context.RepeatThrottle} whether a detection is worth reporting.
 * Settings: {@link io.github.mediastreams.context.ContextBrokerProperties}.
 */
@NullMarked
package io.github.mediastreams.context;

import org.jspecify.annotations.NullMarked;
