package io.github.mediastreams.context;

/** What an update reports; the {@code kind} tag of the {@code context.updates.*} counters. */
enum UpdateKind {
    PLATE("plate"),
    CROWD("crowd");

    private final String tag;

    UpdateKind(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
