package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.KeyPage;
import io.stateapi.client.KeyVersion;
import io.stateapi.client.Versioned;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A key's history (ADR 0036): {@code GET .../keys/{key}/versions} a page at a time,
 * {@code GET .../keys/{key}?version=N}, and {@code POST .../keys/{key}/versions/{N}/restore},
 * which is a write like any other (an idempotency key, retried as the write rules say).
 */
public final class KeyHistories {

    private final KeyOperations operations;
    private final Transport transport;

    KeyHistories(KeyOperations operations, Transport transport) {
        this.operations = operations;
        this.transport = transport;
    }

    /** One page of the key's changes, newest first, from {@code cursor} (null: the newest). */
    public CompletableFuture<KeyPage<KeyVersion>> page(String key, String cursor) {
        Transport.Request request;
        try {
            request = new Transport.Request("GET", KeyPaths.keyPath(operations.namespace(), key) + "/" + KeyPaths.VERSIONS,
                    cursor == null ? null : "cursor=" + KeyPaths.queryValue(cursor), accept(), null,
                    Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, operations.policy());
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            JsonNode page = body(request, response);
            List<KeyVersion> items = new ArrayList<>();
            for (JsonNode item : page.path("items")) {
                items.add(version(page.path("key").asText(key), item));
            }
            JsonNode next = page.get("nextCursor");
            return new KeyPage<>(items, next == null || next.isNull() ? null : next.asText());
        }));
    }

    /** Version {@code version} of the key. */
    public CompletableFuture<KeyVersion> version(String key, long version) {
        Transport.Request request;
        try {
            if (version < 1) {
                throw new IllegalArgumentException("version must be positive: " + version);
            }
            request = new Transport.Request("GET", KeyPaths.keyPath(operations.namespace(), key), "version=" + version,
                    accept(), null, Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, operations.policy());
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            JsonNode body = body(request, response);
            return version(body.path("key").asText(key), body);
        }));
    }

    /** Writes version {@code version}'s value as the key's next version. */
    public CompletableFuture<Versioned<JsonNode>> restore(String key, long version, WriteOptions options) {
        Writes.Write write;
        try {
            if (version < 1) {
                throw new IllegalArgumentException("version must be positive: " + version);
            }
            if (options.ttl().isPresent()) {
                throw new IllegalArgumentException("a restore takes the namespace's default time to live; got " + options);
            }
            Map<String, String> headers = accept();
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", KeyOperations.ifMatch(condition)));
            if (options.ifAbsent()) {
                headers.put("If-None-Match", "*");
            }
            write = new Writes.Write("POST", KeyPaths.keyPath(operations.namespace(), key) + "/" + KeyPaths.VERSIONS
                    + "/" + version + "/restore", headers, new byte[0],
                    // Not safe to repeat without a key unless it names a version: the service makes a
                    // restore without one conditional on the version it reads, which a repeat finds moved on.
                    KeyOperations.namesOneVersion(options), options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = operations.writes().send(write, operations.policy());
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            Representation written = operations.remember(KeyOperations.representation(write, response));
            return written.as(written.value());
        }));
    }

    private static Map<String, String> accept() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", KeyOperations.ACCEPT);
        return headers;
    }

    private static JsonNode body(Transport.Request request, Transport.Response response) {
        if (response.status() != 200) {
            throw ProblemMapper.toException(request, response);
        }
        try {
            return JsonCodec.parse(response.body());
        } catch (IOException e) {
            throw new ValueMappingException(Transport.describe(request) + ": unreadable answer: " + e.getMessage(), e);
        }
    }

    private KeyVersion version(String key, JsonNode item) {
        JsonNode value = item.get("value");
        return new KeyVersion(operations.namespace(), key, item.path("version").asLong(), item.path("change").asText(),
                Instant.parse(item.path("committedAt").asText()), Optional.ofNullable(value),
                Representation.schemaVersion(item));
    }
}
