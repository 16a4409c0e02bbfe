package io.stateapi.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.Versioned;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.exceptions.ValueMappingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Counters and expiry changes on the keys of one namespace (ADR 0034): each a write with its
 * precondition and {@code Idempotency-Key}, retried as every write is, answered with the key's
 * new state, which the version cache remembers.
 */
public final class CounterAndExpiryWrites {

    private static final String JSON = "application/json";

    private final KeyOperations operations;

    CounterAndExpiryWrites(KeyOperations operations) {
        this.operations = operations;
    }

    /** {@code POST .../counters/{key}}: the key's new state, its value the new number. */
    public CompletableFuture<Versioned<Long>> increment(String key, long delta, WriteOptions options) {
        Writes.Write write;
        try {
            if (options.ttl().isPresent() || options.ifAbsent()) {
                throw new IllegalArgumentException("an increment takes no time to live and no create-only condition;"
                        + " got " + options);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            headers.put("Accept", KeyOperations.ACCEPT);
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", KeyOperations.ifMatch(condition)));
            ObjectNode body = JsonCodec.protocol().createObjectNode();
            body.put("delta", delta);
            write = new Writes.Write("POST", KeyPaths.collectionPath("counters", operations.namespace(), key), headers,
                    JsonCodec.protocol().writeValueAsBytes(body), KeyOperations.namesOneVersion(options), options);
        } catch (RuntimeException | JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = operations.writes().send(write, operations.policy());
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            Representation r = operations.remember(KeyOperations.representation(write, response));
            if (!r.value().canConvertToExactIntegral() || !r.value().canConvertToLong()) {
                throw new ValueMappingException(write.method() + " " + write.path() + ": the counter's value "
                        + r.value() + " is no integer", null);
            }
            return r.as(r.value().longValue());
        }));
    }

    /** {@code PUT .../expiry/{key}}: sets ({@code ttl}) or clears ({@code null}) the expiry. */
    public CompletableFuture<Versioned<JsonNode>> changeExpiry(String key, Duration ttl, WriteOptions options) {
        Writes.Write write;
        try {
            if (options.ttl().isPresent() || options.ifAbsent()) {
                throw new IllegalArgumentException("an expiry change takes its time to live as an argument and no"
                        + " create-only condition; got " + options);
            }
            if (ttl != null && (ttl.toSeconds() < 1 || ttl.compareTo(WriteOptions.MAX_TTL) > 0 || ttl.toNanosPart() != 0)) {
                throw new IllegalArgumentException("ttl must be whole seconds from 1 s to " + WriteOptions.MAX_TTL
                        + "; got " + ttl);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            headers.put("Accept", KeyOperations.ACCEPT);
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", KeyOperations.ifMatch(condition)));
            ObjectNode body = JsonCodec.protocol().createObjectNode();
            if (ttl == null) {
                body.putNull("ttlSeconds");
            } else {
                body.put("ttlSeconds", ttl.toSeconds());
            }
            write = new Writes.Write("PUT", KeyPaths.collectionPath("expiry", operations.namespace(), key), headers,
                    JsonCodec.protocol().writeValueAsBytes(body), KeyOperations.namesOneVersion(options), options);
        } catch (RuntimeException | JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = operations.writes().send(write, operations.policy());
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            Representation r = operations.remember(KeyOperations.representation(write, response));
            return r.as(r.value());
        }));
    }
}
