package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidMigrationException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The {@link ValueUpgrader} of schema migrations (ADR 0057): a value stored at version N reaches
 * the active version A by each version's migration in turn (N to N+1, ..., A-1 to A), and each
 * step's result must match the schema of the version it reaches, so a value is never served at a
 * version it does not match. A version created without a migration carries values forward as
 * they are (they must still match it).
 *
 * <p>A value that records no version (written before the namespace had a schema, or before
 * values recorded theirs, ADR 0056) is placed first: at version 1 when it matches version 1 (and
 * then migrated like any value of version 1), else at the active version when it matches that,
 * else nowhere, and it is left as it is.
 *
 * <p>Versions are immutable, so compiled migrations are kept per namespace life and version like
 * compiled schemas ({@link ValueSchemas}, whose cache this shares for the checks), bounded, least
 * recently used first.
 */
public final class SchemaMigrations implements ValueUpgrader {

    /** Compiled migrations kept at most: each is up to {@link SchemaService#MAX_MIGRATION_BYTES} of text. */
    public static final int DEFAULT_CAPACITY = 256;
    /** Violations named in a failure's reason; the read that meets it serves the stored value anyway. */
    private static final int REASONS = 3;

    private final SchemaCatalog catalog;
    private final MigrationDialect dialect;
    private final ValueSchemas schemas;
    private final Map<Step, Optional<CompiledMigration>> compiled;

    public SchemaMigrations(SchemaCatalog catalog, MigrationDialect dialect, ValueSchemas schemas) {
        this(catalog, dialect, schemas, DEFAULT_CAPACITY);
    }

    public SchemaMigrations(SchemaCatalog catalog, MigrationDialect dialect, ValueSchemas schemas, int capacity) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.compiled = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Step, Optional<CompiledMigration>> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Upgraded upgrade(NamespaceInfo namespace, OptionalLong storedAt, JsonDocument value) {
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(value, "value");
        if (namespace.schemaVersion().isEmpty()) {
            // No schema in this life of the namespace: nothing to upgrade to.
            return new Upgraded(value, storedAt, false);
        }
        long active = namespace.schemaVersion().getAsLong();
        OptionalLong from = storedAt.isPresent() ? storedAt : place(namespace, active, value);
        if (from.isEmpty() || from.getAsLong() >= active) {
            return new Upgraded(value, from, false);
        }
        JsonDocument current = value;
        for (long to = from.getAsLong() + 1; to <= active; to++) {
            current = step(namespace, to, current);
        }
        return new Upgraded(current, OptionalLong.of(active), true);
    }

    /** The version a value that records none is taken to be at; empty: none it matches. */
    private OptionalLong place(NamespaceInfo namespace, long active, JsonDocument value) {
        try {
            if (schemas.violations(namespace, 1, value).isEmpty()) {
                return OptionalLong.of(1);
            }
            if (active > 1 && schemas.violations(namespace, active, value).isEmpty()) {
                return OptionalLong.of(active);
            }
            return OptionalLong.empty();
        } catch (UnreadableStateException e) {
            throw new MigrationFailedException(0, active, e.getMessage());
        }
    }

    /** Version {@code to - 1}'s value brought to {@code to}, checked against {@code to}'s schema. */
    private JsonDocument step(NamespaceInfo namespace, long to, JsonDocument value) {
        JsonDocument next;
        List<SchemaViolation> violations;
        try {
            Optional<CompiledMigration> migration = migration(namespace, to);
            next = migration.isPresent() ? migration.get().apply(value) : value;
            // What the backfill writes must fit the namespace, as every written value must.
            namespace.settings().checkSize(next);
            violations = schemas.violations(namespace, to, next);
        } catch (TransformFailedException | PayloadTooLargeException | UnreadableStateException
                 | InvalidMigrationException e) {
            throw new MigrationFailedException(to - 1, to, e.getMessage());
        }
        if (!violations.isEmpty()) {
            throw new MigrationFailedException(to - 1, to, "the result does not match schema version " + to + ": "
                    + violations.stream().limit(REASONS).map(v -> (v.pointer().isEmpty() ? "(root)" : v.pointer())
                    + ": " + v.message()).collect(Collectors.joining("; "))
                    + (violations.size() > REASONS ? "; and " + (violations.size() - REASONS) + " more" : ""));
        }
        return next;
    }

    private Optional<CompiledMigration> migration(NamespaceInfo namespace, long version) {
        Step key = new Step(namespace.namespace(), namespace.createdAt(), version);
        synchronized (compiled) {
            Optional<CompiledMigration> kept = compiled.get(key);
            if (kept != null) {
                return kept;
            }
        }
        // Two requests may compile the same version at once; both get the same answer.
        ValueSchema schema = catalog.find(namespace, version).orElseThrow(() -> new UnreadableStateException(
                namespace.namespace().name(), "(schema version " + version + ")", "the namespace's schema version is not stored"));
        Optional<CompiledMigration> ready = schema.migration().map(dialect::compile);
        synchronized (compiled) {
            compiled.put(key, ready);
        }
        return ready;
    }

    /** A namespace's life is part of the key: one deleted and created again starts its versions afresh. */
    private record Step(TenantNamespace namespace, Instant createdAt, long version) {
    }
}
