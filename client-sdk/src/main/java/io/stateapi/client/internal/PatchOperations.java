package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.JsonPatch;
import io.stateapi.client.Versioned;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.exceptions.ValueMappingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code PATCH} on the keys of one namespace (ADR 0029): a JSON Merge Patch or a JSON Patch sent
 * as a write (with its precondition and {@code Idempotency-Key}, retried as every write is),
 * answered with the key's new state.
 */
public final class PatchOperations {

    /** Media types of the two patch formats (ADR 0029). */
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String JSON_PATCH = "application/json-patch+json";

    private final KeyOperations operations;

    PatchOperations(KeyOperations operations) {
        this.operations = operations;
    }

    /** A JSON Merge Patch (RFC 7396) of {@code patch}, any value the client's mapper writes. */
    public CompletableFuture<Versioned<JsonNode>> mergePatch(String key, Object patch, WriteOptions options) {
        JsonNode tree;
        try {
            tree = operations.codec().toTree(patch);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return patch(key, MERGE_PATCH, tree, options);
    }

    /** A JSON Patch (RFC 6902). */
    public CompletableFuture<Versioned<JsonNode>> jsonPatch(String key, JsonPatch patch, WriteOptions options) {
        ArrayNode document = JsonCodec.protocol().createArrayNode();
        try {
            for (JsonPatch.Operation operation : patch.operations()) {
                ObjectNode node = document.addObject().put("op", operation.op()).put("path", operation.path());
                operation.from().ifPresent(from -> node.put("from", from));
                operation.value().ifPresent(value -> node.set("value",
                        value == JsonPatch.NULL ? NullNode.getInstance() : operations.codec().toTree(value)));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return patch(key, JSON_PATCH, document, options);
    }

    private CompletableFuture<Versioned<JsonNode>> patch(String key, String mediaType, JsonNode body,
                                                        WriteOptions options) {
        Writes.Write write;
        try {
            if (options.ttl().isPresent() || options.ifAbsent()) {
                throw new IllegalArgumentException("a patch keeps the key's expiry and never creates a key: it takes no "
                        + "time to live and no create-only condition; got " + options);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", mediaType);
            headers.put("Accept", KeyOperations.ACCEPT);
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", KeyOperations.ifMatch(condition)));
            write = new Writes.Write("PATCH", KeyPaths.keyPath(operations.namespace(), key), headers,
                    JsonCodec.protocol().writeValueAsBytes(body), KeyOperations.namesOneVersion(options), options);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return CompletableFuture.failedFuture(new ValueMappingException("cannot write the patch", e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = operations.writes().send(write, operations.policy());
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            Representation written = operations.remember(KeyOperations.representation(write, response));
            return written.as(written.value());
        }));
    }
}
