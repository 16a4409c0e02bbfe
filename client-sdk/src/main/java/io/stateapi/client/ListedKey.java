package io.stateapi.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of a listing without values ({@link StateNamespace#list(ListOptions)}).
 *
 * @param expiresAt when the key expires, or {@code null} when it has no time to live
 */
public record ListedKey(String namespace, String key, long version, Instant createdAt, Instant updatedAt,
                        Instant expiresAt) {

    public ListedKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** The condition that the key is still at the version listed, for a compare-and-set. */
    public IfVersion ifUnchanged() {
        return IfVersion.of(version);
    }
}
