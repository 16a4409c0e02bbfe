package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidMigrationException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.exceptions.SchemaNotFoundException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A namespace's schema versions as a resource (ADR 0052): creating one ({@code state:admin},
 * like every other change to a namespace's settings) makes it the active schema at once on this
 * instance and within the namespace cache's lifetime on the others; reading them needs
 * {@code state:read}, since writers need to know what they must write.
 */
public final class SchemaService {

    /** Largest schema document, as compact UTF-8 JSON: compiled schemas are kept in memory per version. */
    public static final int MAX_SCHEMA_BYTES = 64 * 1024;
    /**
     * Largest migration, as compact UTF-8 JSON (ADR 0057): compiled migrations are kept in memory
     * per version beside their schemas, and a transform that needs more is a program, not a mapping.
     */
    public static final int MAX_MIGRATION_BYTES = 16 * 1024;

    private final SchemaCatalog catalog;
    private final SchemaDialect dialect;
    private final MigrationDialect migrations;
    private final NamespaceSettingsCache namespaces;
    private final Clock clock;

    public SchemaService(SchemaCatalog catalog, SchemaDialect dialect, MigrationDialect migrations,
                         NamespaceSettingsCache namespaces, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.migrations = Objects.requireNonNull(migrations, "migrations");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates version {@code version} of the namespace's schema and activates it. Values already
     * stored are not checked again; each later write of them must match.
     *
     * @throws InvalidRequestException when {@code version} is below 1
     * @throws PayloadTooLargeException when the schema is over {@link #MAX_SCHEMA_BYTES}
     * @throws io.stateapi.domain.exceptions.InvalidSchemaException when it is no schema this API takes
     * @throws io.stateapi.domain.exceptions.SchemaVersionConflictException when {@code version} is not the next one
     */
    public ValueSchema create(Caller caller, Namespace name, long version, JsonDocument schema) {
        return create(caller, name, version, schema, Optional.empty());
    }

    /**
     * Creates version {@code version} with its migration from the version before (ADR 0057) and
     * activates it. The migration is compiled now, so a version is never created with a transform
     * that cannot run; without one, values of the previous version are carried forward as they are.
     *
     * @throws PayloadTooLargeException when the migration is over {@link #MAX_MIGRATION_BYTES}
     * @throws InvalidMigrationException when it does not compile, or comes with version 1
     */
    public ValueSchema create(Caller caller, Namespace name, long version, JsonDocument schema,
                              Optional<JsonDocument> migration) {
        TenantNamespace namespace = caller.access(Scope.ADMIN, name);
        if (version < 1) {
            throw new InvalidRequestException("schema versions are whole numbers from 1");
        }
        int bytes = schema.utf8Bytes();
        if (bytes > MAX_SCHEMA_BYTES) {
            throw new PayloadTooLargeException("schema of " + bytes + " bytes", MAX_SCHEMA_BYTES);
        }
        if (migration.isPresent()) {
            if (version == 1) {
                throw new InvalidMigrationException(List.of("version 1 has no version before it to migrate"
                        + " from: create it without \"migration\""));
            }
            int migrationBytes = migration.get().utf8Bytes();
            if (migrationBytes > MAX_MIGRATION_BYTES) {
                throw new PayloadTooLargeException("migration of " + migrationBytes + " bytes", MAX_MIGRATION_BYTES);
            }
        }
        dialect.compile(schema);
        migration.ifPresent(migrations::compile);
        NamespaceInfo info = existing(namespace);
        ValueSchema created = catalog.create(info, new ValueSchema(namespace, version, schema,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), migration));
        // This instance checks writes against the new version at once; others within the cache's lifetime.
        namespaces.forget(namespace);
        return created;
    }

    /** The namespace's schema versions, oldest first, and which one is active. */
    public SchemaListing list(Caller caller, Namespace name) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        NamespaceInfo info = existing(namespace);
        return new SchemaListing(catalog.list(info), info.schemaVersion());
    }

    /**
     * @return the version and whether it is the active one
     * @throws SchemaNotFoundException when the namespace has no such version
     */
    public SchemaListing.Described get(Caller caller, Namespace name, long version) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        NamespaceInfo info = existing(namespace);
        ValueSchema schema = catalog.find(info, version).orElseThrow(() -> new SchemaNotFoundException(name, version));
        return new SchemaListing.Described(schema, info.schemaVersion().orElse(0) == version);
    }

    /**
     * The namespace as the catalog has it now: a schema read or created against a cached one
     * could be another life's of the name, or miss a version another instance just created.
     */
    private NamespaceInfo existing(TenantNamespace namespace) {
        namespaces.forget(namespace);
        return namespaces.find(namespace).orElseThrow(() -> new NamespaceNotFoundException(namespace.namespace()));
    }

    /** A namespace's versions, oldest first, with the active one (empty: none). */
    public record SchemaListing(List<SchemaCatalog.SchemaSummary> versions, OptionalLong activeVersion) {

        public SchemaListing {
            versions = List.copyOf(versions);
        }

        /** One version, and whether it is active. */
        public record Described(ValueSchema schema, boolean active) {
        }
    }
}
