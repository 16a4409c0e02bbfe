package io.stateapi.domain.listing;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One live key of a listing, at the version the listing read; its value only when the listing asked for values. */
public record ListedKey(Key key, Version version, Instant createdAt, Instant updatedAt, Optional<Instant> expiresAt,
                        Optional<JsonDocument> value) {

    public ListedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(value, "value");
    }
}
