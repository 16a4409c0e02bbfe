package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.stateapi.client.Versioned;
import java.time.Instant;
import java.util.OptionalLong;

/** A key's state as the service represents it, value still as JSON. */
public record Representation(String namespace, String key, JsonNode value, long version,
                             Instant createdAt, Instant updatedAt, Instant expiresAt, OptionalLong schemaVersion,
                             OptionalLong storedSchemaVersion) {

    /** A key's state at the schema version it is stored at. */
    public Representation(String namespace, String key, JsonNode value, long version, Instant createdAt,
                          Instant updatedAt, Instant expiresAt, OptionalLong schemaVersion) {
        this(namespace, key, value, version, createdAt, updatedAt, expiresAt, schemaVersion, schemaVersion);
    }

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
                schemaVersion(json),
                storedSchemaVersion(json));
    }

    /** The {@code schemaVersion} member of a key's representation, history item or listing item (ADR 0056). */
    public static OptionalLong schemaVersion(JsonNode json) {
        JsonNode member = json.get("schemaVersion");
        return member == null || !member.canConvertToLong() ? OptionalLong.empty() : OptionalLong.of(member.asLong());
    }

    /**
     * The {@code storedSchemaVersion} member (ADR 0057): the version the item records, which a read
     * that upgraded the value names beside it; absent, the value is as stored.
     */
    public static OptionalLong storedSchemaVersion(JsonNode json) {
        JsonNode member = json.get("storedSchemaVersion");
        return member == null || !member.canConvertToLong() ? schemaVersion(json) : OptionalLong.of(member.asLong());
    }

    public <T> Versioned<T> as(T convertedValue) {
        return new Versioned<>(namespace, key, convertedValue, version, createdAt, updatedAt, expiresAt, schemaVersion,
                storedSchemaVersion);
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
