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
 * @param schemaVersion       the schema version of {@code value} as listed: the one it was checked
 *                            against when written (ADR 0056), or the one it was upgraded to on read
 *                            (ADR 0057); without a value, the stored one. Empty: none known
 * @param storedSchemaVersion the version the item records for its stored value; empty: none
 */
public record ListedKey(Key key, Version version, Instant createdAt, Instant updatedAt, Optional<Instant> expiresAt,
                        Optional<JsonDocument> value, java.util.OptionalLong schemaVersion,
                        java.util.OptionalLong storedSchemaVersion) {

    /** A key whose value was written without a schema. */
    public ListedKey(Key key, Version version, Instant createdAt, Instant updatedAt, Optional<Instant> expiresAt,
                     Optional<JsonDocument> value) {
        this(key, version, createdAt, updatedAt, expiresAt, value, java.util.OptionalLong.empty());
    }

    /** A key as it is stored, at the version it records. */
    public ListedKey(Key key, Version version, Instant createdAt, Instant updatedAt, Optional<Instant> expiresAt,
                     Optional<JsonDocument> value, java.util.OptionalLong schemaVersion) {
        this(key, version, createdAt, updatedAt, expiresAt, value, schemaVersion, schemaVersion);
    }

    public ListedKey {
        schemaVersion = schemaVersion == null ? java.util.OptionalLong.empty() : schemaVersion;
        storedSchemaVersion = storedSchemaVersion == null ? java.util.OptionalLong.empty() : storedSchemaVersion;
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(value, "value");
    }

    /** The same key with its value as it reads at {@code schemaVersion} (upgraded on read, ADR 0057). */
    public ListedKey readAs(JsonDocument upgraded, java.util.OptionalLong schemaVersion) {
        return new ListedKey(key, version, createdAt, updatedAt, expiresAt, Optional.of(upgraded), schemaVersion,
                storedSchemaVersion);
    }
}
