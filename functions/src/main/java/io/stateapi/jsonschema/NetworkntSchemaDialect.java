package io.stateapi.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidSchemaException;
import io.stateapi.domain.schemas.CompiledSchema;
import io.stateapi.domain.schemas.SchemaDialect;
import io.stateapi.domain.schemas.SchemaViolation;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * JSON Schema 2020-12 by networknt's json-schema-validator (ADR 0052), the library the contract
 * tests already use, on the project's Jackson. A schema is first checked against the 2020-12
 * meta-schema (which the library carries on its classpath), then compiled with every reference
 * resolved, so a compiled schema never loads anything while it checks values.
 *
 * <p>No network: only the library's own classpath copies of the meta-schemas may be loaded, and
 * a {@code $ref} or {@code $dynamicRef} must point into the schema itself ({@code #...}); a Lambda
 * that fetched schemas from URLs a tenant chose would be a server-side request forgery.
 */
public final class NetworkntSchemaDialect implements SchemaDialect {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    /** Reasons reported at most, so a schema wrong in a thousand places gets a readable answer. */
    private static final int MAX_REASONS = 20;

    /**
     * The library, loaded on the first schema compiled rather than with the function: a cold
     * start that serves only namespaces without a schema does not pay for the meta-schemas.
     */
    private static final class Engine {
        static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.values(list -> list.add(0,
                        new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:"))))));
        static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .build();
        static final JsonSchema META_SCHEMA = FACTORY.getSchema(SchemaLocation.of(DIALECT), CONFIG);
    }

    @Override
    public CompiledSchema compile(JsonDocument schema) {
        JsonNode root = StateJson.parse(schema.json().getBytes(StandardCharsets.UTF_8));
        List<String> reasons = new ArrayList<>();
        if (!root.isObject() && !root.isBoolean()) {
            throw new InvalidSchemaException(List.of("a schema is a JSON object or a boolean"));
        }
        JsonNode dialect = root.get("$schema");
        if (dialect != null && !DIALECT.equals(dialect.asText(null))) {
            throw new InvalidSchemaException(List.of("$schema must be " + DIALECT + " (or left out)"));
        }
        references(root, "", reasons);
        if (!reasons.isEmpty()) {
            throw new InvalidSchemaException(reasons);
        }
        Engine.META_SCHEMA.validate(root).stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .limit(MAX_REASONS)
                .forEach(m -> reasons.add(at(m.getInstanceLocation().toString()) + message(m)));
        if (!reasons.isEmpty()) {
            throw new InvalidSchemaException(reasons);
        }
        try {
            JsonSchema compiled = Engine.FACTORY.getSchema(root, Engine.CONFIG);
            // Resolves every reference now, so none is looked up while values are checked.
            compiled.initializeValidators();
            return value -> violations(compiled, value);
        } catch (JsonSchemaException | IllegalArgumentException | IllegalStateException e) {
            // A schema the meta-schema lets through and the library cannot build (an invalid
            // "pattern" regex, for one) is the caller's input, not a fault of the service.
            throw new InvalidSchemaException(List.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static List<SchemaViolation> violations(JsonSchema schema, JsonDocument value) {
        Set<ValidationMessage> messages = schema.validate(value.json(), InputFormat.JSON);
        return messages.stream()
                .map(m -> new SchemaViolation(m.getInstanceLocation().toString(), message(m)))
                .sorted(Comparator.comparing(SchemaViolation::pointer).thenComparing(SchemaViolation::message))
                .toList();
    }

    /** The library's message without the location it starts with (the violation carries it apart). */
    private static String message(ValidationMessage message) {
        String text = message.getMessage();
        String location = message.getInstanceLocation().toString();
        String prefix = location + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static String at(String pointer) {
        return (pointer.isEmpty() ? "(root)" : pointer) + ": ";
    }

    /** Every reference that leaves the document, with where it is. */
    private static void references(JsonNode node, String pointer, List<String> reasons) {
        if (node.isObject()) {
            node.fields().forEachRemaining(member -> {
                String name = member.getKey();
                String here = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                JsonNode child = member.getValue();
                if ((name.equals("$ref") || name.equals("$dynamicRef")) && child.isTextual()
                        && !child.asText().startsWith("#")) {
                    reasons.add(at(here) + name + " \"" + child.asText()
                            + "\" leaves the schema; only references into it (\"#...\") are taken");
                } else {
                    // Data members (const, enum, examples) are walked too: a false alarm there is
                    // cheaper than telling a member called "enum" in properties from the keyword.
                    references(child, here, reasons);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), pointer + "/" + i, reasons);
            }
        }
    }
}
