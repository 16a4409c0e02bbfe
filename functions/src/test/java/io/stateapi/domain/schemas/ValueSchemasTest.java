package io.stateapi.domain.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.SchemaViolationException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The check of every write (ADR 0052): each version is read and compiled once per instance, not per request. */
class ValueSchemasTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final TenantNamespace orders = TenantNamespace.of("acme", "orders");
    private final List<String> compiled = new ArrayList<>();
    private final List<Long> read = new ArrayList<>();

    /** A dialect whose schema is a list of forbidden values. */
    private final SchemaDialect dialect = schema -> {
        compiled.add(schema.json());
        return value -> schema.json().contains(value.json())
                ? List.of(new SchemaViolation("", "forbidden: " + value.json())) : List.of();
    };

    private final SchemaCatalog catalog = new SchemaCatalog() {
        @Override
        public ValueSchema create(NamespaceInfo namespace, ValueSchema schema) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SchemaSummary> list(NamespaceInfo namespace) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ValueSchema> find(NamespaceInfo namespace, long version) {
            read.add(version);
            return Optional.of(new ValueSchema(namespace.namespace(), version,
                    new JsonDocument("[\"v" + version + "\"]"), T0));
        }
    };

    private NamespaceInfo at(OptionalLong version, Instant createdAt) {
        return new NamespaceInfo(orders, NamespaceSettings.DEFAULTS, 0, createdAt, createdAt, NamespaceStatus.ACTIVE, version);
    }

    @Test
    void aNamespaceWithoutASchemaTakesAnyValueAndReadsNothing() {
        new ValueSchemas(catalog, dialect).check(at(OptionalLong.empty(), T0), new JsonDocument("\"v1\""));

        assertThat(read).isEmpty();
    }

    @Test
    void eachVersionIsCompiledOnceForManyWrites() {
        ValueSchemas schemas = new ValueSchemas(catalog, dialect);
        for (int i = 0; i < 5; i++) {
            schemas.check(at(OptionalLong.of(1), T0), new JsonDocument("\"ok\""));
        }
        schemas.check(at(OptionalLong.of(2), T0), new JsonDocument("\"ok\""));

        assertThat(read).containsExactly(1L, 2L);
        assertThat(compiled).hasSize(2);
    }

    @Test
    void aValueTheActiveVersionRejectsIsRefusedWithItsViolations() {
        ValueSchemas schemas = new ValueSchemas(catalog, dialect);

        assertThatThrownBy(() -> schemas.check(at(OptionalLong.of(1), T0), new JsonDocument("\"v1\"")))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                    assertThat(e.schemaVersion()).isEqualTo(1);
                    assertThat(e.violations()).containsExactly(new SchemaViolation("", "forbidden: \"v1\""));
                });
        schemas.check(at(OptionalLong.of(2), T0), new JsonDocument("\"v1\""));
    }

    @Test
    void aNamespaceCreatedAgainUnderTheNameDoesNotReuseTheOldLifesVersions() {
        ValueSchemas schemas = new ValueSchemas(catalog, dialect);
        schemas.check(at(OptionalLong.of(1), T0), new JsonDocument("\"ok\""));
        schemas.check(at(OptionalLong.of(1), T0.plusSeconds(60)), new JsonDocument("\"ok\""));

        assertThat(read).containsExactly(1L, 1L);
    }

    @Test
    void theCacheIsBounded() {
        ValueSchemas schemas = new ValueSchemas(catalog, dialect, 2);
        for (long v : new long[] {1, 2, 3, 1}) {
            schemas.check(at(OptionalLong.of(v), T0), new JsonDocument("\"ok\""));
        }

        assertThat(read).containsExactly(1L, 2L, 3L, 1L);
    }
}
