package io.stateapi.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidSchemaException;
import io.stateapi.domain.schemas.CompiledSchema;
import io.stateapi.domain.schemas.SchemaViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON Schema 2020-12 as namespaces use it (ADR 0052): violations by JSON Pointer, and no schema that leaves itself. */
class NetworkntSchemaDialectTest {

    private final NetworkntSchemaDialect dialect = new NetworkntSchemaDialect();

    private static JsonDocument json(String text) {
        return new JsonDocument(text);
    }

    @Test
    void eachViolationIsReportedAtItsPointerWithAMessage() {
        CompiledSchema schema = dialect.compile(json("""
                {"type":"object","properties":{"items":{"type":"array","items":{"type":"integer"}},
                 "name":{"type":"string","maxLength":3}}}"""));

        assertThat(schema.violations(json("{\"items\":[1,\"two\",3.5],\"name\":\"long\"}")))
                .extracting(SchemaViolation::pointer).containsExactly("/items/1", "/items/2", "/name");
        assertThat(schema.violations(json("{\"items\":[1,\"two\"]}")).get(0).message())
                .doesNotStartWith("/items/1").contains("integer");
        assertThat(schema.violations(json("{\"items\":[1]}"))).isEmpty();
    }

    @Test
    void aMemberNameWithASlashIsEscapedInThePointer() {
        CompiledSchema schema = dialect.compile(json("{\"properties\":{\"a/b\":{\"type\":\"string\"}}}"));

        assertThat(schema.violations(json("{\"a/b\":1}"))).extracting(SchemaViolation::pointer).containsExactly("/a~1b");
    }

    @Test
    void referencesIntoTheSchemaItselfWork() {
        CompiledSchema schema = dialect.compile(json("""
                {"$defs":{"qty":{"type":"integer","minimum":1}},"properties":{"qty":{"$ref":"#/$defs/qty"}}}"""));

        assertThat(schema.violations(json("{\"qty\":0}"))).extracting(SchemaViolation::pointer).containsExactly("/qty");
    }

    @Test
    void booleanSchemasAreSchemas() {
        assertThat(dialect.compile(json("true")).violations(json("{\"any\":1}"))).isEmpty();
        assertThat(dialect.compile(json("false")).violations(json("1"))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"$ref\":\"https://example.com/s.json\"}",
            "{\"properties\":{\"a\":{\"$ref\":\"http://169.254.169.254/latest/meta-data\"}}}",
            "{\"$ref\":\"other.json\"}",
            "{\"$dynamicRef\":\"https://example.com/s.json#meta\"}",
            "{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
            "{\"type\":\"objekt\"}",
            "{\"minimum\":\"one\"}",
            "{\"required\":\"id\"}",
            "{\"type\":\"string\",\"pattern\":\"[\"}",
            "{\"properties\":{\"a\":{\"pattern\":\"(\"}}}",
            "[]",
            "7"})
    void aSchemaThatIsNotA202012DocumentOrLeavesItselfIsRefused(String schema) {
        assertThatThrownBy(() -> dialect.compile(json(schema)))
                .isInstanceOf(InvalidSchemaException.class)
                .satisfies(e -> assertThat(((InvalidSchemaException) e).reasons()).isNotEmpty());
    }
}
