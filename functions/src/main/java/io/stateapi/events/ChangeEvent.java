package io.stateapi.events;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One committed change to one key, as subscribers see it.
 *
 * @param version         the key's version after the change. Created, updated and deleted
 *                        each commit a new version; expired commits none, so it carries the
 *                        version that expired
 * @param previousVersion the key's version just before the change; empty for a key's first
 *                        write
 * @param value           the value after the change; empty for deleted and expired
 * @param previousValue   the value a strongly consistent read returned just before the
 *                        change; empty for created
 * @param time            commit time: the item's {@code updatedAt}, or when it expired
 * @param schemaVersion   the namespace schema version the change's value (for an expiry: the value
 *                        that expired) was checked against when written; empty without a schema and
 *                        for a delete (ADR 0056)
 */
public record ChangeEvent(ChangeType type, TenantNamespace namespace, Key key, Version version,
                          Optional<Version> previousVersion, Optional<JsonDocument> value,
                          Optional<JsonDocument> previousValue, Instant time, OptionalLong schemaVersion) {

    /** A change whose value was written without a schema. */
    public ChangeEvent(ChangeType type, TenantNamespace namespace, Key key, Version version,
                       Optional<Version> previousVersion, Optional<JsonDocument> value,
                       Optional<JsonDocument> previousValue, Instant time) {
        this(type, namespace, key, version, previousVersion, value, previousValue, time, OptionalLong.empty());
    }

    public ChangeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(previousVersion, "previousVersion");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(previousValue, "previousValue");
        Objects.requireNonNull(time, "time");
        schemaVersion = schemaVersion == null ? OptionalLong.empty() : schemaVersion;
    }

    /**
     * The change's identity: the same for every retry of the stream record it came from,
     * different for every other change. It is the CloudEvents {@code id} and the SQS
     * {@code MessageDeduplicationId}.
     *
     * <p>The type is part of it because an update and the expiry of that update share a
     * version; the commit time is part of it so that a key whose version history was lost
     * (see {@code docs/events.md}, the TTL race) still gets distinct identities.
     */
    public String id() {
        return sha256(String.join("\u0000", namespace.tenant().value(), namespace.name(), key.value(),
                Long.toString(version.value()), type.name(), Long.toString(time.toEpochMilli())));
    }

    /**
     * The FIFO message group: one per key, so events of one key stay in order and different
     * keys flow in parallel. A hash, because a group id is at most 128 characters and a key
     * may be 1024 bytes.
     */
    public String messageGroupId() {
        return messageGroupId(namespace, key);
    }

    public static String messageGroupId(TenantNamespace namespace, Key key) {
        return sha256(namespace.tenant().value() + "\u0000" + namespace.name() + "\u0000" + key.value());
    }

    private static String sha256(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
