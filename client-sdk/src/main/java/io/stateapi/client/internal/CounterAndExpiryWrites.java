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
        if (options.ttl().isPresent() || options.ifAbsent()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "an increment takes no time to live and no create-only condition; got " + options));
        }
        ObjectNode body = JsonCodec.protocol().createObjectNode();
        body.put("delta", delta);
        CompletableFuture<Sent> written = send("POST", "counters", key, body, options);
        return KeyOperations.cancellable(written, written.thenApply(sent -> {
            JsonNode value = sent.state().value();
            if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                throw new ValueMappingException(sent.write().method() + " " + sent.write().path()
                        + ": the counter's value " + value + " is no integer", null);
            }
            return sent.state().as(value.longValue());
        }));
    }

    /** {@code PUT .../expiry/{key}}: sets ({@code ttl}) or clears ({@code null}) the expiry. */
    public CompletableFuture<Versioned<JsonNode>> changeExpiry(String key, Duration ttl, WriteOptions options) {
        if (options.ttl().isPresent() || options.ifAbsent()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("an expiry change takes its time to"
                    + " live as an argument and no create-only condition; got " + options));
        }
        if (ttl != null && (ttl.toSeconds() < 1 || ttl.compareTo(WriteOptions.MAX_TTL) > 0 || ttl.toNanosPart() != 0)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "ttl must be whole seconds from 1 s to " + WriteOptions.MAX_TTL + "; got " + ttl));
        }
        ObjectNode body = JsonCodec.protocol().createObjectNode();
        if (ttl == null) {
            body.putNull("ttlSeconds");
        } else {
            body.put("ttlSeconds", ttl.toSeconds());
        }
        CompletableFuture<Sent> written = send("PUT", "expiry", key, body, options);
        return KeyOperations.cancellable(written, written.thenApply(sent -> sent.state().as(sent.state().value())));
    }

    /** The write and the key's new state it was answered with (remembered in the version cache). */
    private record Sent(Writes.Write write, Representation state) {
    }

    /** Sends {@code body} to {@code .../<collection>/{key}} as a write with the options' precondition. */
    private CompletableFuture<Sent> send(String method, String collection, String key, ObjectNode body,
                                         WriteOptions options) {
        Writes.Write write;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            headers.put("Accept", KeyOperations.ACCEPT);
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", KeyOperations.ifMatch(condition)));
            write = new Writes.Write(method, KeyPaths.collectionPath(collection, operations.namespace(), key), headers,
                    JsonCodec.protocol().writeValueAsBytes(body), KeyOperations.namesOneVersion(options), options);
        } catch (RuntimeException | JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = operations.writes().send(write, operations.policy());
        return KeyOperations.cancellable(sent, sent.thenApply(response ->
                new Sent(write, operations.remember(KeyOperations.representation(write, response)))));
    }
}
