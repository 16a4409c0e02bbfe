package io.stateapi.domain.history;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Version;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One change in a key's history (ADR 0036).
 *
 * @param version     the version the change committed; an expiry commits none, so it carries the
 *                    version whose value expired
 * @param change      what the change did
 * @param committedAt when it was committed (for an expiry: when the value expired)
 * @param value       the value the version holds: present for created and updated, and for an
 *                    expiry the value that expired; empty for deleted
 * @param schemaVersion the namespace schema version {@code value} was checked against when it was
 *                      written; empty without a schema, and for deleted (ADR 0056)
 */
public record HistoryEntry(Version version, Change change, Instant committedAt, Optional<JsonDocument> value,
                           OptionalLong schemaVersion) {

    /** A change whose value was written without a schema (or a delete). */
    public HistoryEntry(Version version, Change change, Instant committedAt, Optional<JsonDocument> value) {
        this(version, change, committedAt, value, OptionalLong.empty());
    }

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
        schemaVersion = schemaVersion == null || value.isEmpty() ? OptionalLong.empty() : schemaVersion;
        if (change == Change.DELETED && value.isPresent()) {
            throw new IllegalArgumentException("a delete holds no value");
        }
    }

    /** Where the change stands in the key's history. */
    public HistoryPosition position() {
        return new HistoryPosition(version, !change.commitsVersion());
    }
}
