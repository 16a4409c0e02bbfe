package io.stateapi.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.Consistency;
import io.stateapi.client.ReadOptions;
import io.stateapi.client.RetryPolicy;
import io.stateapi.client.Versioned;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Batch get ({@code POST /v1/namespaces/{ns}/batch-get}, ADR 0027) for any number of keys: sent
 * {@value #MAX_KEYS_PER_REQUEST} keys at a time, one request after the other, and the keys whose
 * values the service left out of an answer ({@code valueOmitted}: the answer would have outgrown
 * its byte budget) asked for again until every value is in. A namespace that does not exist
 * reads as one without any of the keys, as {@code find} reads it.
 */
final class BatchGets {

    /** The service's limit of keys in one batch get. */
    static final int MAX_KEYS_PER_REQUEST = 100;

    private static final String ACCEPT = "application/json, application/problem+json";

    private final Transport transport;
    private final JsonCodec codec;
    private final String namespace;
    private final RetryPolicy policy;

    BatchGets(Transport transport, JsonCodec codec, String namespace, RetryPolicy policy) {
        this.transport = transport;
        this.codec = codec;
        this.namespace = namespace;
        this.policy = policy;
    }

    <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys, JavaType type,
                                                                      ReadOptions options) {
        List<String> distinct;
        try {
            distinct = List.copyOf(new LinkedHashSet<>(keys));
            KeyPaths.namespacePath(namespace);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, Optional<Representation>> read = Collections.synchronizedMap(new LinkedHashMap<>());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < distinct.size(); from += MAX_KEYS_PER_REQUEST) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + MAX_KEYS_PER_REQUEST));
            chain = chain.thenCompose(ignored -> readAll(chunk, options, read));
        }
        return chain.thenApply(ignored -> {
            Map<String, Optional<Versioned<T>>> result = new LinkedHashMap<>();
            for (String key : distinct) {
                result.put(key, read.get(key).map(r -> r.as(codec.<T>fromTree(r.value(), type))));
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /** Reads {@code keys} (at most 100) into {@code read}, asking again for values left out. */
    private CompletableFuture<Void> readAll(List<String> keys, ReadOptions options,
                                            Map<String, Optional<Representation>> read) {
        return send(keys, options).thenCompose(answer -> {
            List<String> omitted = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                Item item = answer.items().get(i);
                if (item.valueOmitted()) {
                    omitted.add(keys.get(i));
                } else {
                    read.put(keys.get(i), Optional.ofNullable(item.representation()));
                }
            }
            if (omitted.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (omitted.size() == keys.size()) {
                // The service always includes the first value found; an answer without any would loop forever.
                throw answer.trace(new StateApiException("POST " + batchPath()
                        + ": every value was omitted from the answer", 200, null, null, null));
            }
            return readAll(omitted, options, read);
        });
    }

    private CompletableFuture<Answer> send(List<String> keys, ReadOptions options) {
        Transport.Request request;
        try {
            request = new Transport.Request("POST", batchPath(), null,
                    Map.of("Content-Type", "application/json", "Accept", ACCEPT), body(keys, options),
                    Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.send(request, policy).handle((response, error) -> {
            if (error != null) {
                Throwable cause = KeyOperations.unwrap(error);
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            if (response.status() == 200) {
                return new Answer(items(request, response, keys.size()), response);
            }
            RuntimeException problem = ProblemMapper.toException(request, response);
            if (problem instanceof NamespaceNotFoundException) {
                // A namespace comes into being with its first write: until then its keys are absent.
                return new Answer(keys.stream().map(key -> new Item(null, false)).toList(), response);
            }
            throw problem;
        });
    }

    private String batchPath() {
        return KeyPaths.namespacePath(namespace) + "/batch-get";
    }

    private static byte[] body(List<String> keys, ReadOptions options) {
        ObjectNode body = JsonCodec.protocol().createObjectNode();
        ArrayNode array = body.putArray("keys");
        keys.forEach(array::add);
        body.put("consistency", options.consistency() == Consistency.EVENTUAL ? "eventual" : "strong");
        try {
            return JsonCodec.protocol().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ValueMappingException("cannot write the request body", e);
        }
    }

    private static List<Item> items(Transport.Request request, Transport.Response response, int expected) {
        try {
            JsonNode json = JsonCodec.parse(response.body());
            String namespace = json.path("namespace").asText();
            JsonNode items = json.path("items");
            if (!items.isArray() || items.size() != expected) {
                throw new IllegalStateException("expected " + expected + " items, got " + items);
            }
            List<Item> parsed = new ArrayList<>(expected);
            for (JsonNode item : items) {
                if (!item.path("found").asBoolean()) {
                    parsed.add(new Item(null, false));
                } else {
                    JsonNode value = item.get("value");
                    parsed.add(new Item(new Representation(namespace, item.path("key").asText(),
                            value == null ? NullNode.getInstance() : value, item.path("version").asLong(),
                            instant(item.get("createdAt")), instant(item.get("updatedAt")),
                            instant(item.get("expiresAt")), Representation.schemaVersion(item),
                            Representation.storedSchemaVersion(item)),
                            item.path("valueOmitted").asBoolean(false)));
                }
            }
            return parsed;
        } catch (IOException | RuntimeException e) {
            throw CallTrace.record(new ValueMappingException(Transport.describe(request)
                    + ": unreadable batch get answer: " + e.getMessage(), e), response);
        }
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** The items of one answer, and the answer they came in. */
    private record Answer(List<Item> items, Transport.Response response) {

        <E extends StateApiException> E trace(E exception) {
            return CallTrace.record(exception, response);
        }
    }

    /** One key's answer: its representation when found (null when not), and whether its value was left out. */
    private record Item(Representation representation, boolean valueOmitted) {
    }
}
