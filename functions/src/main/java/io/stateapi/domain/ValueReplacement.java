package io.stateapi.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A live value as it was read, whole, and the value that replaces it (the schema backfill's
 * upgrade of an item, ADR 0058 and 0067): the next version of the key, with the same creation
 * time and expiry, the new value checked against {@code schemaVersion}.
 *
 * @param seen      the version read: the replacement commits only while the key is still live at it
 * @param createdAt when the key's value was created, as read (kept)
 * @param expiresAt when the value expires, as read (kept); empty: never
 */
public record ValueReplacement(Key key, Version seen, Instant createdAt, Optional<Instant> expiresAt,
                               JsonDocument value, long schemaVersion) {

    public ValueReplacement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(value, "value");
    }

    /** The expiry as a time to live from {@code now} (what a put of the value would carry); empty: none. */
    public Optional<TimeToLive> ttl(Instant now) {
        return expiresAt.map(at -> new TimeToLive(at.getEpochSecond() - now.getEpochSecond()));
    }
}
