package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.SchemaViolationException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The check every write path makes before it writes a value (ADR 0052): the value must match
 * its namespace's active schema, if there is one. Versions are immutable, so each is read and
 * compiled once per function instance and kept (bounded, least recently used goes first); which
 * version is active comes with the namespace from the namespace cache.
 */
public final class ValueSchemas {

    /** Compiled schemas kept at most: each is up to {@link SchemaService#MAX_SCHEMA_BYTES} of text. */
    public static final int DEFAULT_CAPACITY = 256;

    /**
     * For tests whose namespaces never have a schema: it reads no schema, so a namespace that
     * names an active version fails loudly here rather than letting a value past it.
     */
    public static final ValueSchemas NONE = new ValueSchemas(null, null, 1);

    private final SchemaCatalog catalog;
    private final SchemaDialect dialect;
    private final Map<Compiled, CompiledSchema> compiled;

    public ValueSchemas(SchemaCatalog catalog, SchemaDialect dialect) {
        this(catalog, dialect, DEFAULT_CAPACITY);
    }

    public ValueSchemas(SchemaCatalog catalog, SchemaDialect dialect, int capacity) {
        this.catalog = catalog;
        this.dialect = dialect;
        this.compiled = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Compiled, CompiledSchema> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * @throws SchemaViolationException when the namespace has an active schema and {@code value} breaks it
     */
    public void check(NamespaceInfo namespace, JsonDocument value) {
        Objects.requireNonNull(value, "value");
        if (namespace.schemaVersion().isEmpty()) {
            return;
        }
        long version = namespace.schemaVersion().getAsLong();
        List<SchemaViolation> violations = schema(namespace, version).violations(value);
        if (!violations.isEmpty()) {
            throw new SchemaViolationException(namespace.namespace().namespace(), version, violations);
        }
    }

    /**
     * Every violation of version {@code version} of the namespace's schema by {@code value}:
     * how a migrated value is checked against the version it was migrated to (ADR 0057).
     */
    public List<SchemaViolation> violations(NamespaceInfo namespace, long version, JsonDocument value) {
        Objects.requireNonNull(value, "value");
        return schema(namespace, version).violations(value);
    }

    private CompiledSchema schema(NamespaceInfo namespace, long version) {
        Compiled key = new Compiled(namespace.namespace(), namespace.createdAt(), version);
        synchronized (compiled) {
            CompiledSchema kept = compiled.get(key);
            if (kept != null) {
                return kept;
            }
        }
        // Two requests may compile the same version at once; both get the same answer.
        ValueSchema schema = catalog.find(namespace, version).orElseThrow(() -> new UnreadableStateException(
                namespace.namespace().name(), "(schema version " + version + ")", "the namespace's schema version is not stored"));
        CompiledSchema ready = dialect.compile(schema.schema());
        synchronized (compiled) {
            compiled.put(key, ready);
        }
        return ready;
    }

    /** A namespace's life is part of the key: one deleted and created again starts its versions afresh. */
    private record Compiled(TenantNamespace namespace, Instant createdAt, long version) {
    }
}
