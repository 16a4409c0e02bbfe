package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.stateapi.client.Versioned;
import java.time.Instant;
import java.util.OptionalLong;

/** A key's state as the service represents it, value still as JSON. */
public record Representation(String namespace, String key, JsonNode value, long version,
                             Instant createdAt, Instant updatedAt, Instant expiresAt, OptionalLong schemaVersion) {

    public static Representation parse(JsonNode json) {
        JsonNode value = json.get("value");
        return new Representation(
                json.path("namespace").asText(),
                json.path("key").asText(),
                value == null ? NullNode.getInstance() : value,
                json.path("version").asLong(),
                instant(json.get("createdAt")),
                instant(json.get("updatedAt")),
                instant(json.get("expiresAt")),
                schemaVersion(json));
    }

    /** The {@code schemaVersion} member of a key's representation, history item or listing item (ADR 0056). */
    public static OptionalLong schemaVersion(JsonNode json) {
        JsonNode member = json.get("schemaVersion");
        return member == null || !member.canConvertToLong() ? OptionalLong.empty() : OptionalLong.of(member.asLong());
    }

    public <T> Versioned<T> as(T convertedValue) {
        return new Versioned<>(namespace, key, convertedValue, version, createdAt, updatedAt, expiresAt, schemaVersion);
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
