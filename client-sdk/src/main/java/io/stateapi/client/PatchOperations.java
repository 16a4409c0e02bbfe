package io.stateapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Partial updates of one namespace's keys with JSON Merge Patch and JSON Patch (ADR 0029),
 * blocking: the operations {@link StateNamespace} offers beside reads and writes. Every
 * overload ends in one of the two operations a namespace implements.
 */
public interface PatchOperations {

    /**
     * Applies a JSON Merge Patch (RFC 7396): members of {@code patch} are set, members set to
     * null are removed (pass a {@code JsonNode} or a {@code Map} to send nulls), and a patch that
     * is not an object replaces the value. The service retries its own compare-and-set, so
     * concurrent patches of different members all land. The key keeps its expiry.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist (a patch creates nothing)
     * @throws io.stateapi.client.exceptions.PayloadTooLargeException when the result is larger than the namespace takes
     * @throws io.stateapi.client.exceptions.ServiceUnavailableException when contention on the key outlasted the service's rounds and the retries
     */
    default Versioned<JsonNode> mergePatch(String key, Object patch) {
        return mergePatch(key, patch, WriteOptions.defaults());
    }

    /**
     * As {@link #mergePatch(String, Object)}, applied only at the given version.
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when the key is at another version
     */
    default Versioned<JsonNode> mergePatch(String key, Object patch, IfVersion condition) {
        return mergePatch(key, patch, WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    /**
     * With the options' {@code ifVersion} and idempotency key.
     *
     * @throws IllegalArgumentException when the options hold a time to live or create-only, which a patch cannot use
     */
    Versioned<JsonNode> mergePatch(String key, Object patch, WriteOptions options);

    /**
     * Applies a JSON Patch (RFC 6902): every operation, in order, or none.
     *
     * @throws io.stateapi.client.exceptions.PatchTestFailedException when a {@code test} operation does not hold
     * @throws io.stateapi.client.exceptions.PatchNotApplicableException when an operation's path or {@code from} names nothing
     * @throws io.stateapi.client.exceptions.InvalidPatchException when the service refuses the patch's shape
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist
     */
    default Versioned<JsonNode> jsonPatch(String key, JsonPatch patch) {
        return jsonPatch(key, patch, WriteOptions.defaults());
    }

    /** {@code carts.jsonPatch("users/42", p -> p.test("/status", "open").add("/items/-", item))} */
    default Versioned<JsonNode> jsonPatch(String key, Consumer<JsonPatch.Builder> patch) {
        return jsonPatch(key, JsonPatch.of(patch), WriteOptions.defaults());
    }

    /**
     * As {@link #jsonPatch(String, JsonPatch)}, applied only at the given version.
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when the key is at another version
     */
    default Versioned<JsonNode> jsonPatch(String key, JsonPatch patch, IfVersion condition) {
        return jsonPatch(key, patch, WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    Versioned<JsonNode> jsonPatch(String key, JsonPatch patch, WriteOptions options);
}
