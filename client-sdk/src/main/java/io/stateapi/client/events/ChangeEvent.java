package io.stateapi.client.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.internal.JsonCodec;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One committed change of one key, as published on the change queue (a CloudEvents 1.0
 * structured-mode message; docs/events.md is the contract). Immutable. Values are kept as JSON
 * and converted on request.
 *
 * <p>Events of one key arrive in version order: for consecutive events of a key,
 * {@link #previousVersion()} of the later equals {@link #version()} of the earlier (a mismatch
 * means an event is missing: read the key). {@code created}, {@code updated} and {@code deleted}
 * each commit a new version; {@code expired} commits none and carries the version that expired.
 * {@link #valueOmitted()} is true when the service left the values out to fit SQS's 256 KiB
 * message limit; read the key to get the value then.
 */
public final class ChangeEvent {

    private final String id;
    private final String source;
    private final String type;
    private final Instant time;
    private final String namespace;
    private final String key;
    private final long version;
    private final Long previousVersion;
    private final JsonNode value;
    private final JsonNode previousValue;
    private final boolean valueOmitted;
    private final JsonCodec codec;

    ChangeEvent(String id, String source, String type, Instant time, String namespace, String key, long version,
                Long previousVersion, JsonNode value, JsonNode previousValue, boolean valueOmitted, JsonCodec codec) {
        this.id = id;
        this.source = source;
        this.type = type;
        this.time = time;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.key = Objects.requireNonNull(key, "key");
        this.version = version;
        this.previousVersion = previousVersion;
        this.value = value;
        this.previousValue = previousValue;
        this.valueOmitted = valueOmitted;
        this.codec = codec;
    }

    /**
     * The CloudEvents {@code id}: the change's identity (64 hex digits, a SHA-256 of namespace,
     * key, version, type and commit time), the same for every redelivery of this change.
     */
    public String id() {
        return id;
    }

    /** The CloudEvents {@code source}: {@code /state-api/<environment>/namespaces/<ns>}. */
    public String source() {
        return source;
    }

    /** The CloudEvents {@code type}, as sent. */
    public String type() {
        return type;
    }

    public ChangeType changeType() {
        return ChangeType.of(type);
    }

    /**
     * When the change was committed (millisecond precision); for {@code expired}, when the value
     * expired or when DynamoDB's TTL sweeper removed it.
     */
    public Instant time() {
        return time;
    }

    public String namespace() {
        return namespace;
    }

    public String key() {
        return key;
    }

    /** The key's version after the change; for {@code expired}, the version that expired. */
    public long version() {
        return version;
    }

    /**
     * The key's version just before the change, a deleted or expired one included (so a key
     * created again continues from it); empty only for a key's very first write.
     */
    public OptionalLong previousVersion() {
        return previousVersion == null ? OptionalLong.empty() : OptionalLong.of(previousVersion);
    }

    /** The value after the change as JSON; empty after a delete or expiry, or when omitted. */
    public Optional<JsonNode> value() {
        return Optional.ofNullable(value).map(JsonNode::deepCopy);
    }

    /** The value after the change, converted; empty after a delete or expiry, or when omitted. */
    public <T> Optional<T> value(Class<T> valueType) {
        return Optional.ofNullable(value).map(v -> codec.fromTree(v, codec.type(valueType)));
    }

    public <T> Optional<T> value(TypeReference<T> valueType) {
        return Optional.ofNullable(value).map(v -> codec.fromTree(v, codec.type(valueType)));
    }

    /**
     * The value before the change as JSON (for {@code expired}, the value that expired); empty
     * for {@code created}, or when omitted.
     */
    public Optional<JsonNode> previousValue() {
        return Optional.ofNullable(previousValue).map(JsonNode::deepCopy);
    }

    public <T> Optional<T> previousValue(Class<T> valueType) {
        return Optional.ofNullable(previousValue).map(v -> codec.fromTree(v, codec.type(valueType)));
    }

    /** Whether the service left the values out (message size limit); read the key for the value. */
    public boolean valueOmitted() {
        return valueOmitted;
    }

    @Override
    public String toString() {
        return "ChangeEvent[" + type + " " + namespace + "/" + key + " v" + version + ", id=" + id + "]";
    }
}
