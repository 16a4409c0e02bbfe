package io.stateapi.domain.listing;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One live key of a listing, at the version the listing read; its value only when the listing asked for values.
 *
 * @param schemaVersion the schema version its value was checked against when written; empty: none (ADR 0056)
 */
public record ListedKey(Key key, Version version, Instant createdAt, Instant updatedAt, Optional<Instant> expiresAt,
                        Optional<JsonDocument> value, java.util.OptionalLong schemaVersion) {

    /** A key whose value was written without a schema. */
    public ListedKey(Key key, Version version, Instant createdAt, Instant updatedAt, Optional<Instant> expiresAt,
                     Optional<JsonDocument> value) {
        this(key, version, createdAt, updatedAt, expiresAt, value, java.util.OptionalLong.empty());
    }

    public ListedKey {
        schemaVersion = schemaVersion == null ? java.util.OptionalLong.empty() : schemaVersion;
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(value, "value");
    }
}
