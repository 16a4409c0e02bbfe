package io.stateapi.domain.history;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Version;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One change in a key's history (ADR 0036).
 *
 * @param version     the version the change committed; an expiry commits none, so it carries the
 *                    version whose value expired
 * @param change      what the change did
 * @param committedAt when it was committed (for an expiry: when the value expired)
 * @param value       the value the version holds: present for created and updated, and for an
 *                    expiry the value that expired; empty for deleted
 */
public record HistoryEntry(Version version, Change change, Instant committedAt, Optional<JsonDocument> value) {

    /** What a change did to the key, as its change event says. */
    public enum Change {
        CREATED, UPDATED, DELETED, EXPIRED;

        /** The lowercase name the API and the change events use. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the change committed its version (an expiry did not: it ends one). */
        public boolean commitsVersion() {
            return this != EXPIRED;
        }
    }

    public HistoryEntry {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(value, "value");
        if (change == Change.DELETED && value.isPresent()) {
            throw new IllegalArgumentException("a delete holds no value");
        }
    }

    /** Where the change stands in the key's history. */
    public HistoryPosition position() {
        return new HistoryPosition(version, !change.commitsVersion());
    }
}
