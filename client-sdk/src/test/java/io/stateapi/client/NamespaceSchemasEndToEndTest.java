package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.InvalidMigrationException;
import io.stateapi.client.exceptions.InvalidSchemaException;
import io.stateapi.client.exceptions.SchemaNotFoundException;
import io.stateapi.client.exceptions.SchemaVersionConflictException;
import io.stateapi.client.exceptions.SchemaViolationException;
import io.stateapi.client.support.TestStack;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Namespace schemas (ADR 0052) from the SDK against the real service on the emulator
 * ({@link TestStack}): creating, listing and reading versions, and the typed exceptions of a
 * refused schema and a refused value.
 */
class NamespaceSchemasEndToEndTest {

    private static final String ORDER = """
            {"type":"object","required":["id","qty"],
             "properties":{"id":{"type":"string"},"qty":{"type":"integer","minimum":1}}}""";

    private static final String WITH_CURRENCY = """
            {"type":"object","required":["id","qty","currency"],
             "properties":{"id":{"type":"string"},"qty":{"type":"integer","minimum":1},"currency":{"type":"string"}}}""";
    private static final String EUR = "$merge([$, {\"currency\": \"EUR\"}])";

    private static StateClient client;
    private final String name = TestStack.uniqueNamespace("sdk-schemas");

    @BeforeAll
    static void start() {
        client = TestStack.get().client().build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private Namespaces namespaces() {
        return client.namespaces();
    }

    @Test
    void versionsAreCreatedListedAndReadAndTheNewestIsActive() {
        namespaces().create(name, NamespaceSettings.defaults());

        SchemaVersion first = namespaces().createSchema(name, 1, ORDER);
        namespaces().createSchema(name, 2, "{\"type\":\"object\"}");

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.active()).isTrue();
        SchemaVersions listed = namespaces().schemas(name);
        assertThat(listed.activeVersion()).isEqualTo(OptionalLong.of(2));
        assertThat(listed.versions()).extracting(SchemaVersion::version).containsExactly(1L, 2L);
        SchemaVersion read = namespaces().schema(name, 1);
        assertThat(read.active()).isFalse();
        assertThat(read.schema()).hasValueSatisfying(text -> assertThat(text).contains("\"minimum\":1"));
        assertThat(namespaces().describe(name).schemaVersion()).isEqualTo(OptionalLong.of(2));
        assertThatThrownBy(() -> namespaces().schema(name, 3)).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void aReadValueNamesTheSchemaVersionItWasWrittenUnderAndOneWithoutASchemaNone() {
        namespaces().create(name, NamespaceSettings.defaults());
        client.namespace(name).put("plain", Map.of("id", "p"));
        namespaces().createSchema(name, 1, ORDER);
        client.namespace(name).put("o-1", Map.of("id", "a", "qty", 1));

        assertThat(client.namespace(name).get("o-1", Object.class).schemaVersion()).isEqualTo(OptionalLong.of(1));
        assertThat(client.namespace(name).get("plain", Object.class).schemaVersion()).isEmpty();
    }

    @Test
    void aVersionIsCreatedWithItsMigrationAndReadsShowTheUpgradedValueAndTheVersionItIsStoredAt() {
        namespaces().create(name, NamespaceSettings.defaults());
        namespaces().createSchema(name, 1, ORDER);
        client.namespace(name).put("o-1", Map.of("id", "a", "qty", 1));
        client.namespace(name).put("o-2", Map.of("id", "b", "qty", 2));

        SchemaVersion second = namespaces().createSchema(name, 2, WITH_CURRENCY, EUR);

        assertThat(second.migration()).hasValue(EUR);
        assertThat(namespaces().schema(name, 2).migration()).hasValue(EUR);
        assertThat(namespaces().schema(name, 1).migration()).isEmpty();
        Versioned<Map> got = client.namespace(name).get("o-1", Map.class);
        assertThat(got.value()).containsEntry("currency", "EUR");
        assertThat(got.schemaVersion()).isEqualTo(OptionalLong.of(2));
        assertThat(got.storedSchemaVersion()).isEqualTo(OptionalLong.of(1));
        assertThat(got.upgradedOnRead()).isTrue();
        Versioned<Map> batched = client.namespace(name).getAll(List.of("o-1", "o-2"), Map.class).get("o-2").orElseThrow();
        assertThat(batched.value()).containsEntry("currency", "EUR");
        assertThat(List.of(batched.schemaVersion(), batched.storedSchemaVersion()))
                .containsExactly(OptionalLong.of(2), OptionalLong.of(1));
        List<Versioned<Map>> listed = client.namespace(name).list(Map.class, ListOptions.defaults()).toList();
        assertThat(listed).hasSize(2);
        assertThat(listed).extracting(Versioned::value).allSatisfy(value -> assertThat(value).containsEntry("currency", "EUR"));
        assertThat(listed).extracting(Versioned::storedSchemaVersion).containsOnly(OptionalLong.of(1));
        assertThat(listed).extracting(Versioned::schemaVersion).containsOnly(OptionalLong.of(2));
    }

    @Test
    void aValueWrittenAtTheActiveVersionIsStoredAtIt() {
        namespaces().create(name, NamespaceSettings.defaults());
        namespaces().createSchema(name, 1, ORDER);
        namespaces().createSchema(name, 2, WITH_CURRENCY, EUR);
        client.namespace(name).put("o-3", Map.of("id", "c", "qty", 3, "currency", "USD"));

        Versioned<Map> got = client.namespace(name).get("o-3", Map.class);

        assertThat(List.of(got.schemaVersion(), got.storedSchemaVersion()))
                .containsExactly(OptionalLong.of(2), OptionalLong.of(2));
        assertThat(got.upgradedOnRead()).isFalse();
    }

    @Test
    void aMigrationThatDoesNotCompileThrowsWithReasonsAndCreatesNoVersion() {
        namespaces().create(name, NamespaceSettings.defaults());
        namespaces().createSchema(name, 1, ORDER);

        assertThatThrownBy(() -> namespaces().createSchema(name, 2, WITH_CURRENCY, "$merge([$, {"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.reasons()).isNotEmpty());
        assertThat(namespaces().schemas(name).activeVersion()).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void aValueTheSchemaRejectsThrowsWithEachViolation() {
        namespaces().create(name, NamespaceSettings.defaults());
        namespaces().createSchema(name, 1, ORDER);

        assertThatThrownBy(() -> client.namespace(name).put("o-1", Map.of("id", 7, "qty", 0)))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.schemaVersion()).isEqualTo(OptionalLong.of(1));
                    assertThat(e.violations()).extracting(SchemaViolationException.Violation::pointer)
                            .containsExactly("/id", "/qty");
                    assertThat(e.key()).isEmpty();
                });
        assertThat(client.namespace(name).find("o-1", Object.class)).isEmpty();
        assertThat(client.namespace(name).put("o-1", Map.of("id", "a", "qty", 1)).version()).isEqualTo(1);
    }

    @Test
    void aTransactionWithOneBadValueThrowsNamingItsOperation() {
        namespaces().create(name, NamespaceSettings.defaults());
        namespaces().createSchema(name, 1, ORDER);

        assertThatThrownBy(() -> client.transaction()
                .put(name, "good", Map.of("id", "g", "qty", 1))
                .put(name, "bad", Map.of("id", "b"))
                .commit())
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                    assertThat(e.operation()).hasValue(1);
                    assertThat(e.key()).contains("bad");
                    assertThat(e.violations()).extracting(SchemaViolationException.Violation::pointer).containsExactly("");
                });
        assertThat(client.namespace(name).find("good", Object.class)).isEmpty();
    }

    @Test
    void aSchemaThatLeavesItselfIsRefusedWithReasons() {
        namespaces().create(name, NamespaceSettings.defaults());

        assertThatThrownBy(() -> namespaces().createSchema(name, 1, "{\"$ref\":\"https://example.com/s.json\"}"))
                .isInstanceOfSatisfying(InvalidSchemaException.class, e -> assertThat(e.reasons()).isNotEmpty());
        assertThat(namespaces().schemas(name).versions()).isEmpty();
    }

    @Test
    void aVersionOutOfTurnThrowsWithTheLatest() {
        namespaces().create(name, NamespaceSettings.defaults());
        namespaces().createSchema(name, 1, ORDER);

        assertThatThrownBy(() -> namespaces().createSchema(name, 3, ORDER))
                .isInstanceOfSatisfying(SchemaVersionConflictException.class,
                        e -> assertThat(e.latestVersion()).isEqualTo(OptionalLong.of(1)));
        assertThat(namespaces().schemas(name).versions()).hasSize(1);
        assertThat(List.of(namespaces().schema(name, 1).version())).containsExactly(1L);
    }
}
