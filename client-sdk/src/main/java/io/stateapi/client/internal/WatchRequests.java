package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.RetryPolicy;
import io.stateapi.client.Snapshot;
import io.stateapi.client.Versioned;
import io.stateapi.client.WatchOptions;
import io.stateapi.client.WatchedChange;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The watch's two requests (ADR 0037): one batch of {@code GET .../changes}, as Server-Sent Events
 * or as the JSON long poll, and one page of {@code GET .../changes/snapshot}. Both only read, so
 * every attempt is safe to send again.
 */
public final class WatchRequests {

    /** Room above the service's wait for its reads, the gateway and the network. */
    static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

    /**
     * One answer of the feed; {@code cursor} is null when a cut stream carried neither change nor
     * cursor; {@code pending} the changes not settled yet, when asked for (ADR 0060).
     */
    public record Batch(List<WatchedChange> changes, List<WatchedChange> pending, String cursor) {
    }

    /** One snapshot page; {@code cursor} only on the first, {@code nextPage} null on the last. */
    public record SnapshotPage(List<Versioned<JsonNode>> entries, String nextPage, String cursor) {
    }

    private final Transport transport;
    private final String namespace;
    private final RetryPolicy policy;

    WatchRequests(Transport transport, String namespace, RetryPolicy policy) {
        this.transport = transport;
        this.namespace = namespace;
        this.policy = policy;
    }

    public String namespace() {
        return namespace;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** The watches of the client these requests go through: closed with it. */
    OpenWatches openWatches() {
        return transport.watches();
    }

    /** The changes after {@code cursor} (null: from the settle horizon). */
    public CompletableFuture<Batch> changes(String prefix, String cursor, WatchOptions options) {
        boolean events = options.protocol() == WatchOptions.Protocol.SERVER_SENT_EVENTS;
        Transport.Request request;
        try {
            StringBuilder query = new StringBuilder();
            if (!prefix.isEmpty()) {
                query.append("prefix=").append(KeyPaths.queryValue(prefix)).append('&');
            }
            query.append("waitSeconds=").append(options.waitTime().toSeconds());
            options.batchSize().ifPresent(size -> query.append("&limit=").append(size));
            if (options.pendingHandler().isPresent()) {
                query.append("&pending=true");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (events) {
                headers.put("Accept", "text/event-stream, application/problem+json");
                if (cursor != null) {
                    headers.put("Last-Event-ID", cursor);
                }
            } else {
                headers.put("Accept", KeyOperations.ACCEPT);
                if (cursor != null) {
                    query.append("&after=").append(KeyPaths.queryValue(cursor));
                }
            }
            request = new Transport.Request("GET", KeyPaths.namespacePath(namespace) + "/changes", query.toString(),
                    headers, null, Transport.Replay.SAFE, options.waitTime().plus(WAIT_MARGIN));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            if (response.status() != 200) {
                throw ProblemMapper.toException(request, response);
            }
            return events ? fromEvents(request, response.body(), cursor) : fromJson(request, response.body());
        }));
    }

    /** One page of the snapshot; {@code page} null for the first. */
    public CompletableFuture<SnapshotPage> snapshotPage(String prefix, String page) {
        Transport.Request request;
        try {
            StringBuilder query = new StringBuilder();
            if (!prefix.isEmpty()) {
                query.append("&prefix=").append(KeyPaths.queryValue(prefix));
            }
            if (page != null) {
                query.append("&page=").append(KeyPaths.queryValue(page));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", KeyOperations.ACCEPT);
            request = new Transport.Request("GET", KeyPaths.namespacePath(namespace) + "/changes/snapshot",
                    query.isEmpty() ? null : query.substring(1), headers, null, Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        return KeyOperations.cancellable(sent, sent.thenApply(response -> {
            if (response.status() != 200) {
                throw ProblemMapper.toException(request, response);
            }
            JsonNode body = json(request, response.body());
            List<Versioned<JsonNode>> entries = new ArrayList<>();
            for (JsonNode item : body.path("items")) {
                entries.add(new Versioned<>(namespace, item.path("key").asText(), item.get("value"),
                        item.path("version").asLong(), instant(item.get("createdAt")), instant(item.get("updatedAt")),
                        instant(item.get("expiresAt")), Representation.schemaVersion(item),
                        Representation.storedSchemaVersion(item)));
            }
            return new SnapshotPage(entries, text(body.get("nextPage")), text(body.get("cursor")));
        }));
    }

    /** Every page of the snapshot, the cursor from the first. */
    public CompletableFuture<Snapshot> snapshot(String prefix) {
        List<Versioned<JsonNode>> entries = new ArrayList<>();
        return snapshotPage(prefix, null).thenCompose(first -> {
            if (first.cursor() == null) {
                throw new ValueMappingException("GET " + KeyPaths.namespacePath(namespace)
                        + "/changes/snapshot: a first page without a cursor", null);
            }
            return following(prefix, first, entries, first.cursor());
        });
    }

    private CompletableFuture<Snapshot> following(String prefix, SnapshotPage page, List<Versioned<JsonNode>> entries,
                                                  String cursor) {
        entries.addAll(page.entries());
        if (page.nextPage() == null) {
            return CompletableFuture.completedFuture(new Snapshot(namespace, prefix, entries, cursor));
        }
        return snapshotPage(prefix, page.nextPage()).thenCompose(next -> following(prefix, next, entries, cursor));
    }

    private Batch fromJson(Transport.Request request, byte[] body) {
        JsonNode batch = json(request, body);
        String cursor = text(batch.get("cursor"));
        if (cursor == null) {
            throw new ValueMappingException(Transport.describe(request) + ": a batch without a cursor", null);
        }
        List<WatchedChange> changes = new ArrayList<>();
        for (JsonNode item : batch.path("items")) {
            // One cursor per batch: a change's own is the batch's, which a handler should store only
            // as the batch's last change is handled (WatchOptions.Protocol.LONG_POLL).
            changes.add(change(item, cursor));
        }
        List<WatchedChange> pending = new ArrayList<>();
        for (JsonNode item : batch.path("pending")) {
            pending.add(change(item, cursor));
        }
        return new Batch(changes, pending, cursor);
    }

    /**
     * The events of a stream: a {@code change} event per change whose id is the cursor after it,
     * then a {@code pending} event per pending change (ADR 0060), and a closing {@code cursor} event. A stream cut short has no closing event: the batch's
     * cursor is then its last change's, or the one the request started from.
     */
    private Batch fromEvents(Transport.Request request, byte[] body, String from) {
        List<WatchedChange> changes = new ArrayList<>();
        List<WatchedChange> pending = new ArrayList<>();
        String cursor = from;
        for (EventStream.Event event : EventStream.parse(body)) {
            if ("change".equals(event.event()) && event.id() != null) {
                changes.add(change(json(request, event.data().getBytes(StandardCharsets.UTF_8)), event.id()));
                cursor = event.id();
            } else if ("pending".equals(event.event()) && event.id() != null) {
                pending.add(change(json(request, event.data().getBytes(StandardCharsets.UTF_8)), event.id()));
                cursor = event.id();
            } else if ("cursor".equals(event.event()) && event.id() != null) {
                cursor = event.id();
            }
        }
        return new Batch(changes, pending, cursor);
    }

    private WatchedChange change(JsonNode item, String cursor) {
        JsonNode value = item.get("value");
        return new WatchedChange(namespace, item.path("key").asText(), item.path("version").asLong(),
                item.path("change").asText(), Instant.parse(item.path("committedAt").asText()),
                Optional.ofNullable(value), cursor);
    }

    private static JsonNode json(Transport.Request request, byte[] body) {
        try {
            return JsonCodec.parse(body);
        } catch (IOException e) {
            throw new ValueMappingException(Transport.describe(request) + ": unreadable answer: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
