package io.stateapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One change in a key's history (ADR 0036): the version it committed, what it did, when, and the
 * value (none for a delete; for an expiry, the value that expired).
 *
 * @param change {@code created}, {@code updated}, {@code deleted} or {@code expired}
 * @param schemaVersion the namespace schema version the value was checked against when it was
 *                      written; empty without a schema, and for a delete (ADR 0056)
 */
public record KeyVersion(String namespace, String key, long version, String change, Instant committedAt,
                         Optional<JsonNode> value, OptionalLong schemaVersion) {

    /** A change whose value was written without a schema. */
    public KeyVersion(String namespace, String key, long version, String change, Instant committedAt,
                      Optional<JsonNode> value) {
        this(namespace, key, version, change, committedAt, value, OptionalLong.empty());
    }

    public KeyVersion {
        schemaVersion = schemaVersion == null ? OptionalLong.empty() : schemaVersion;
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(value, "value");
    }

    /** Whether the change was a delete (it holds no value and cannot be restored). */
    public boolean deleted() {
        return change.equals("deleted");
    }
}
