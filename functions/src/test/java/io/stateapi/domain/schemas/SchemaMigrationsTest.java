package io.stateapi.domain.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The upgrader of schema migrations (ADR 0057) on in-memory fakes: a schema here is the list of
 * members a value must have, and a migration adds members ({@code {"add": {...}}}), renames one
 * ({@code {"rename": [from, to]}}) or fails ({@code {"fail": reason}}).
 */
class SchemaMigrationsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final TenantNamespace orders = TenantNamespace.of("acme", "orders");
    private final Map<Long, ValueSchema> versions = new HashMap<>();
    private final List<String> compiledMigrations = new ArrayList<>();

    private final SchemaDialect requiredMembers = schema -> value -> {
        JsonNode node = json(value);
        List<SchemaViolation> violations = new ArrayList<>();
        for (JsonNode name : json(schema)) {
            if (!node.isObject() || !node.has(name.asText())) {
                violations.add(new SchemaViolation("", "must have " + name.asText()));
            }
        }
        return violations;
    };

    private final MigrationDialect edits = migration -> {
        compiledMigrations.add(migration.json());
        JsonNode edit = json(migration);
        return value -> {
            if (edit.has("fail")) {
                throw new TransformFailedException(edit.get("fail").asText());
            }
            ObjectNode result = ((ObjectNode) json(value)).deepCopy();
            if (edit.has("add")) {
                result.setAll((ObjectNode) edit.get("add"));
            }
            if (edit.has("rename")) {
                result.set(edit.get("rename").get(1).asText(), result.remove(edit.get("rename").get(0).asText()));
            }
            return StateJson.document(result);
        };
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
            return Optional.ofNullable(versions.get(version));
        }
    };

    private final SchemaMigrations upgrader =
            new SchemaMigrations(catalog, edits, new ValueSchemas(catalog, requiredMembers));

    private void version(long version, String required, String migration) {
        versions.put(version, new ValueSchema(orders, version, new JsonDocument(required), T0,
                Optional.ofNullable(migration).map(JsonDocument::new)));
    }

    private NamespaceInfo active(long version) {
        return new NamespaceInfo(orders, NamespaceSettings.DEFAULTS, 0, T0, T0, NamespaceStatus.ACTIVE,
                OptionalLong.of(version));
    }

    /** v1 {id}; v2 adds qty: 1; v3 renames id to sku. */
    private void threeVersions() {
        version(1, "[\"id\"]", null);
        version(2, "[\"id\",\"qty\"]", "{\"add\":{\"qty\":1}}");
        version(3, "[\"sku\",\"qty\"]", "{\"rename\":[\"id\",\"sku\"]}");
    }

    @Test
    void aValueStoredAtTheActiveVersionIsReturnedAsItIs() {
        threeVersions();
        JsonDocument stored = new JsonDocument("{\"sku\":\"a\",\"qty\":2}");

        ValueUpgrader.Upgraded upgraded = upgrader.upgrade(active(3), OptionalLong.of(3), stored);

        assertThat(upgraded).isEqualTo(new ValueUpgrader.Upgraded(stored, OptionalLong.of(3), false));
        assertThat(compiledMigrations).isEmpty();
    }

    @Test
    void aValueStoredAtAnOlderVersionTakesEachMigrationInTurn() {
        threeVersions();

        ValueUpgrader.Upgraded upgraded = upgrader.upgrade(active(3), OptionalLong.of(1), new JsonDocument("{\"id\":\"a\"}"));

        assertThat(upgraded.value().json()).isEqualTo("{\"qty\":1,\"sku\":\"a\"}");
        assertThat(upgraded.version()).hasValue(3);
        assertThat(upgraded.changed()).isTrue();
    }

    @Test
    void aVersionWithoutAMigrationCarriesValuesForwardThatMatchIt() {
        version(1, "[\"id\"]", null);
        version(2, "[\"id\"]", null);

        ValueUpgrader.Upgraded upgraded = upgrader.upgrade(active(2), OptionalLong.of(1), new JsonDocument("{\"id\":\"a\"}"));

        assertThat(upgraded.value().json()).isEqualTo("{\"id\":\"a\"}");
        assertThat(upgraded.version()).hasValue(2);
    }

    @Test
    void aResultTheTargetSchemaRejectsFailsNamingTheStep() {
        version(1, "[\"id\"]", null);
        version(2, "[\"id\",\"qty\"]", "{\"add\":{\"price\":1}}");

        assertThatThrownBy(() -> upgrader.upgrade(active(2), OptionalLong.of(1), new JsonDocument("{\"id\":\"a\"}")))
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    assertThat(e.fromVersion()).isEqualTo(1);
                    assertThat(e.toVersion()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("does not match schema version 2").contains("must have qty");
                });
    }

    @Test
    void aTransformThatFailsOnAValueFailsTheUpgrade() {
        threeVersions();
        version(3, "[\"sku\",\"qty\"]", "{\"fail\":\"no sku for this one\"}");

        assertThatThrownBy(() -> upgrader.upgrade(active(3), OptionalLong.of(2), new JsonDocument("{\"id\":\"a\",\"qty\":1}")))
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    assertThat(e.fromVersion()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("no sku for this one");
                });
    }

    @Test
    void aResultLargerThanTheNamespaceTakesFailsTheUpgrade() {
        version(1, "[\"id\"]", null);
        version(2, "[\"id\"]", "{\"add\":{\"pad\":\"" + "x".repeat(200) + "\"}}");
        NamespaceInfo small = new NamespaceInfo(orders, new NamespaceSettings(Optional.empty(), 100, false), 0, T0, T0,
                NamespaceStatus.ACTIVE, OptionalLong.of(2));

        assertThatThrownBy(() -> upgrader.upgrade(small, OptionalLong.of(1), new JsonDocument("{\"id\":\"a\"}")))
                .isInstanceOf(MigrationFailedException.class).hasMessageContaining("100");
    }

    @Test
    void aValueWithNoRecordedVersionThatMatchesVersionOneIsMigratedFromIt() {
        threeVersions();

        ValueUpgrader.Upgraded upgraded = upgrader.upgrade(active(3), OptionalLong.empty(), new JsonDocument("{\"id\":\"a\"}"));

        assertThat(upgraded.value().json()).isEqualTo("{\"qty\":1,\"sku\":\"a\"}");
        assertThat(upgraded.version()).hasValue(3);
    }

    @Test
    void aValueWithNoRecordedVersionThatMatchesOnlyTheActiveOneIsAtIt() {
        threeVersions();
        JsonDocument stored = new JsonDocument("{\"sku\":\"a\",\"qty\":2}");

        ValueUpgrader.Upgraded upgraded = upgrader.upgrade(active(3), OptionalLong.empty(), stored);

        assertThat(upgraded).isEqualTo(new ValueUpgrader.Upgraded(stored, OptionalLong.of(3), false));
    }

    @Test
    void aValueWithNoRecordedVersionThatMatchesNoneIsLeftAsItIsWithNoVersion() {
        threeVersions();
        JsonDocument stored = new JsonDocument("\"written before any schema\"");

        ValueUpgrader.Upgraded upgraded = upgrader.upgrade(active(3), OptionalLong.empty(), stored);

        assertThat(upgraded).isEqualTo(new ValueUpgrader.Upgraded(stored, OptionalLong.empty(), false));
    }

    @Test
    void aNamespaceWithoutASchemaLeavesValuesAsTheyAre() {
        JsonDocument stored = new JsonDocument("{\"id\":\"a\"}");
        NamespaceInfo none = new NamespaceInfo(orders, NamespaceSettings.DEFAULTS, 0, T0, T0, NamespaceStatus.ACTIVE);

        assertThat(upgrader.upgrade(none, OptionalLong.empty(), stored))
                .isEqualTo(new ValueUpgrader.Upgraded(stored, OptionalLong.empty(), false));
    }

    @Test
    void eachMigrationIsCompiledOnceForManyValues() {
        threeVersions();
        for (int i = 0; i < 5; i++) {
            upgrader.upgrade(active(3), OptionalLong.of(1), new JsonDocument("{\"id\":\"a" + i + "\"}"));
        }

        assertThat(compiledMigrations).hasSize(2);
    }

    private static JsonNode json(JsonDocument document) {
        return StateJson.parse(document.json().getBytes(StandardCharsets.UTF_8));
    }
}
