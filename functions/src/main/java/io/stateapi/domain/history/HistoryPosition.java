package io.stateapi.domain.history;

import io.stateapi.domain.Version;
import java.util.Objects;

/**
 * A place in a key's history: a version's commit, or (just after it) that version's expiry.
 * What a history cursor carries.
 */
public record HistoryPosition(Version version, boolean expiry) {

    public HistoryPosition {
        Objects.requireNonNull(version, "version");
    }

    /** {@code 7} for version 7's commit, {@code 7e} for its expiry. */
    public String text() {
        return version.value() + (expiry ? "e" : "");
    }

    /** @throws IllegalArgumentException when {@code text} is no position {@link #text} wrote */
    public static HistoryPosition parse(String text) {
        boolean expiry = text.endsWith("e");
        String digits = expiry ? text.substring(0, text.length() - 1) : text;
        if (!digits.matches("[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException("not a history position: " + text);
        }
        return new HistoryPosition(Version.of(Long.parseLong(digits)), expiry);
    }
}
