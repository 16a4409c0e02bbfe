package io.stateapi.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a namespace's JSON Schema ({@link Namespaces#createSchema}, {@link Namespaces#schema}).
 *
 * @param version   1, 2, ... in the order they were created
 * @param active    whether values are checked against it now (the newest is)
 * @param createdAt when it was created
 * @param schema    the schema document as compact JSON text; empty in a listing
 */
public record SchemaVersion(long version, boolean active, Instant createdAt, Optional<String> schema) {

    public SchemaVersion {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(schema, "schema");
    }
}
