package io.github.mediastreams.context;

import java.time.Instant;

/** Sends nothing: the app runs without a Context Broker. Stateless, hence a single instance. */
enum DisabledContextPublisher implements ContextPublisher {
    INSTANCE;

    @Override
    public void plateRead(Plate plate, Instant observedAt) {
        // Updates are off.
    }

    @Override
    public void crowdOccupancy(String roiId, double percentage, int level, Instant observedAt) {
        // Updates are off.
    }

    @Override
    public void crowdFluidity(String roiId, double percentage, int level, Instant observedAt) {
        // Updates are off.
    }

    @Override
    public String toString() {
        return "ContextPublisher.disabled()";
    }
}
