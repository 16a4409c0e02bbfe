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
 * @param migration the JSONata expression that turns a value of the previous version into one of
 *                  this version (ADR 0057); empty for version 1, a version created without one
 *                  (values are carried forward as they are), and in a listing
 */
public record SchemaVersion(long version, boolean active, Instant createdAt, Optional<String> schema,
                            Optional<String> migration) {

    /** A version without a migration. */
    public SchemaVersion(long version, boolean active, Instant createdAt, Optional<String> schema) {
        this(version, active, createdAt, schema, Optional.empty());
    }

    public SchemaVersion {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(migration, "migration");
    }
}
