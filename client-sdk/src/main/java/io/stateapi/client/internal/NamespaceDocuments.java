package io.stateapi.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.NamespaceInfo;
import io.stateapi.client.NamespacePage;
import io.stateapi.client.NamespaceSettings;
import io.stateapi.client.PurgeStatus;
import io.stateapi.client.SchemaVersion;
import io.stateapi.client.SchemaVersions;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The JSON of the namespace routes: the settings a PUT sends, and the descriptions, pages and purge statuses that come back. */
final class NamespaceDocuments {

    private NamespaceDocuments() {
    }

    /** Only the settings given: one not given is left out, so the service applies its default. */
    static byte[] settings(NamespaceSettings settings) {
        ObjectNode body = JsonCodec.protocol().createObjectNode();
        if (settings.specifiesDefaultTtl()) {
            settings.defaultTtl().ifPresentOrElse(ttl -> body.put("defaultTtlSeconds", ttl.toSeconds()),
                    () -> body.putNull("defaultTtlSeconds"));
        }
        settings.maxValueBytes().ifPresent(bytes -> body.put("maxValueBytes", bytes));
        settings.eventValues().ifPresent(values -> body.put("eventValues", values));
        try {
            return JsonCodec.protocol().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ValueMappingException("cannot write the namespace settings", e);
        }
    }

    static NamespaceInfo info(String request, byte[] body) {
        return read(request, body, NamespaceDocuments::info);
    }

    static NamespacePage page(String request, byte[] body) {
        return read(request, body, json -> {
            List<NamespaceInfo> namespaces = new ArrayList<>();
            json.path("namespaces").forEach(item -> namespaces.add(info(item)));
            JsonNode next = json.get("nextCursor");
            return new NamespacePage(namespaces, next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText());
        });
    }

    static PurgeStatus purge(String request, byte[] body) {
        return read(request, body, json -> new PurgeStatus(
                PurgeStatus.State.of(json.path("status").asText(null)),
                json.path("deletedKeys").asLong(0),
                instant(json.get("startedAt")),
                instant(json.get("finishedAt"))));
    }

    private static NamespaceInfo info(JsonNode json) {
        JsonNode settings = json.path("settings");
        NamespaceSettings.Builder given = NamespaceSettings.builder();
        JsonNode ttl = settings.get("defaultTtlSeconds");
        if (ttl == null || ttl.isNull()) {
            given.noDefaultTtl();
        } else {
            given.defaultTtl(Duration.ofSeconds(ttl.asLong()));
        }
        if (settings.path("maxValueBytes").canConvertToLong()) {
            given.maxValueBytes(settings.get("maxValueBytes").longValue());
        }
        if (settings.path("eventValues").isBoolean()) {
            given.eventValues(settings.get("eventValues").booleanValue());
        }
        JsonNode schema = settings.path("schemaVersion");
        return new NamespaceInfo(json.path("name").asText(), given.build(), json.path("approximateKeyCount").asLong(0),
                instant(json.get("createdAt")), NamespaceInfo.Status.of(json.path("status").asText(null)),
                schema.canConvertToLong() ? OptionalLong.of(schema.longValue()) : OptionalLong.empty());
    }

    /** The body of a schema version's {@code PUT}: the schema JSON text inside {@code {"schema": ...}}. */
    /** The create body: the schema, and the JSONata migration from the previous version when given (ADR 0057). */
    static byte[] schemaRequest(String schemaJson, Optional<String> jsonata) {
        try {
            ObjectNode body = JsonCodec.protocol().createObjectNode();
            body.set("schema", JsonCodec.parse(schemaJson.getBytes(StandardCharsets.UTF_8)));
            jsonata.ifPresent(expression -> body.putObject("migration").put("jsonata", expression));
            return JsonCodec.protocol().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ValueMappingException("the schema is not JSON: " + e.getMessage(), e);
        }
    }

    static SchemaVersion schema(String request, byte[] body) {
        return read(request, body, NamespaceDocuments::schema);
    }

    static SchemaVersions schemas(String request, byte[] body) {
        return read(request, body, json -> {
            List<SchemaVersion> versions = new ArrayList<>();
            json.path("schemas").forEach(item -> versions.add(schema(item)));
            JsonNode active = json.path("activeVersion");
            return new SchemaVersions(active.canConvertToLong() ? OptionalLong.of(active.longValue()) : OptionalLong.empty(),
                    versions);
        });
    }

    private static SchemaVersion schema(JsonNode json) {
        JsonNode schema = json.get("schema");
        String text;
        try {
            text = schema == null ? null : JsonCodec.protocol().writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        JsonNode jsonata = json.path("migration").path("jsonata");
        return new SchemaVersion(json.path("version").asLong(), json.path("active").asBoolean(),
                instant(json.get("createdAt")), Optional.ofNullable(text),
                jsonata.isTextual() ? Optional.of(jsonata.asText()) : Optional.empty());
    }

    /** Whether two JSON texts are the same JSON (member order and spacing aside). */
    static boolean sameJson(String a, String b) {
        try {
            return JsonCodec.parse(a.getBytes(StandardCharsets.UTF_8)).equals(JsonCodec.parse(b.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return false;
        }
    }

    private interface Reader<T> {
        T read(JsonNode json);
    }

    private static <T> T read(String request, byte[] body, Reader<T> reader) {
        try {
            JsonNode json = JsonCodec.parse(body);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return reader.read(json);
        } catch (IOException | RuntimeException e) {
            throw new ValueMappingException(request + ": unreadable answer: " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
