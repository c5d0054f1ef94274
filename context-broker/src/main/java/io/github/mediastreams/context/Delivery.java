package io.github.mediastreams.context;

/**
 * The result of one attempt to deliver an update.
 *
 * @param outcome what to do next
 * @param detail what the broker said (status and error body) or why there was no answer; no headers
 */
record Delivery(Outcome outcome, String detail) {

    enum Outcome {
        /** The broker holds the update. */
        DELIVERED,
        /** No answer, or an answer that may change (5xx, 408, 429): try again later. */
        RETRY,
        /** The broker refuses this request and would refuse it again: do not retry. */
        REJECTED
    }

    static final Delivery DELIVERED = new Delivery(Outcome.DELIVERED, "delivered");

    static Delivery retry(String detail) {
        return new Delivery(Outcome.RETRY, detail);
    }

    static Delivery rejected(String detail) {
        return new Delivery(Outcome.REJECTED, detail);
    }
}
