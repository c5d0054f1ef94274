package io.github.mediastreams.context;

import java.util.Objects;

/**
 * A vehicle registration plate as Kurento's {@code PlateDetectorFilter} read it.
 *
 * <p>KMS writes {@code -} for every character it could not read, so a Spanish plate whose province
 * letters were not read arrives as {@code --2748DKR}. Show {@link #raw()} to people (it is what the
 * detector saw, gaps included) and send {@link #normalized()} to systems that match plates, such as
 * the Context Broker.
 *
 * @param raw the text of the {@code PlateDetected} event, placeholders included; never {@code null}
 */
public record Plate(String raw) {

    /** The character KMS's plate detector writes for a position it could not read. */
    public static final char UNREAD = '-';

    /**
     * Checks the raw text is present.
     *
     * @param raw the text of the {@code PlateDetected} event
     * @throws NullPointerException if {@code raw} is {@code null}
     */
    public Plate {
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * The plate without the detector's placeholders and surrounding blanks: {@code --2748DKR} gives
     * {@code 2748DKR}.
     *
     * <p>Every {@code -} is removed, not only the leading ones: the detector never writes a dash as a
     * separator, so any dash is a character it did not read.
     *
     * @return the characters actually read, possibly empty when nothing was read
     */
    public String normalized() {
        StringBuilder read = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != UNREAD && !Character.isWhitespace(c)) {
                read.append(c);
            }
        }
        return read.toString();
    }

    /**
     * Whether the detector read no character at all (the text is only placeholders or blank).
     *
     * @return {@code true} when {@link #normalized()} is empty
     */
    public boolean isUnread() {
        return normalized().isEmpty();
    }
}
