package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.Consistency;
import io.stateapi.client.KeyPage;
import io.stateapi.client.ListOptions;
import io.stateapi.client.ListedKey;
import io.stateapi.client.RetryPolicy;
import io.stateapi.client.Versioned;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.ValueMappingException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code GET /v1/namespaces/{ns}/keys}: one page at a time, and every page as a lazy stream that
 * fetches the next page only when iteration reaches it. A listing only reads, so every attempt
 * is safe to send again.
 */
public final class KeyListings {

    private final Transport transport;
    private final JsonCodec codec;
    private final String namespace;
    private final RetryPolicy policy;

    KeyListings(Transport transport, JsonCodec codec, String namespace, RetryPolicy policy) {
        this.transport = transport;
        this.codec = codec;
        this.namespace = namespace;
        this.policy = policy;
    }

    /** One page of keys without values. */
    public CompletableFuture<KeyPage<ListedKey>> keys(ListOptions options) {
        return page(options, false, item -> new ListedKey(namespace, item.path("key").asText(),
                item.path("version").asLong(), instant(item.get("createdAt")), instant(item.get("updatedAt")),
                instant(item.get("expiresAt"))));
    }

    /** One page of keys with their values as {@code type}. */
    public <T> CompletableFuture<KeyPage<Versioned<T>>> values(ListOptions options, JavaType type) {
        return page(options, true, item -> new Versioned<>(namespace, item.path("key").asText(),
                codec.<T>fromTree(item.get("value"), type), item.path("version").asLong(),
                instant(item.get("createdAt")), instant(item.get("updatedAt")), instant(item.get("expiresAt")),
                Representation.schemaVersion(item), Representation.storedSchemaVersion(item)));
    }

    /** Every item from the options' cursor on, fetching a page when the previous one is used up. */
    public static <E> Stream<E> stream(ListOptions options, Function<ListOptions, KeyPage<E>> fetch) {
        Iterator<E> pages = new AllPages<>(options, fetch);
        return StreamSupport.stream(() -> Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.NONNULL), Spliterator.ORDERED | Spliterator.NONNULL, false);
    }

    private <E> CompletableFuture<KeyPage<E>> page(ListOptions options, boolean values, Function<JsonNode, E> item) {
        Transport.Request request;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json, application/problem+json");
            request = new Transport.Request("GET", KeyPaths.namespacePath(namespace) + "/keys", query(options, values),
                    headers, null, Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        CompletableFuture<KeyPage<E>> answer = sent.thenApply(response -> {
            if (response.status() != 200) {
                throw ProblemMapper.toException(request, response);
            }
            return parse(Transport.describe(request), response.body(), item);
        });
        answer.whenComplete((page, error) -> {
            if (answer.isCancelled()) {
                sent.cancel(true);
            }
        });
        return answer;
    }

    private static String query(ListOptions options, boolean values) {
        StringBuilder query = new StringBuilder();
        if (!options.prefix().isEmpty()) {
            query.append("&prefix=").append(KeyPaths.queryValue(options.prefix()));
        }
        options.pageSize().ifPresent(size -> query.append("&limit=").append(size));
        options.cursor().ifPresent(cursor -> query.append("&cursor=").append(KeyPaths.queryValue(cursor)));
        if (values) {
            query.append("&values=true");
        }
        if (options.consistency() == Consistency.EVENTUAL) {
            query.append("&consistency=eventual");
        }
        return query.isEmpty() ? null : query.substring(1);
    }

    private static <E> KeyPage<E> parse(String request, byte[] body, Function<JsonNode, E> item) {
        JsonNode page;
        try {
            page = JsonCodec.parse(body);
        } catch (IOException e) {
            throw new ValueMappingException(request + ": unreadable page: " + e.getMessage(), e);
        }
        List<E> items = new ArrayList<>();
        for (JsonNode entry : page.path("items")) {
            items.add(item.apply(entry));
        }
        JsonNode next = page.get("nextCursor");
        return new KeyPage<>(items, next == null || next.isNull() ? null : next.asText());
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** Walks the pages, fetching the next one only when the current one is used up. */
    private static final class AllPages<E> implements Iterator<E> {
        private final Function<ListOptions, KeyPage<E>> fetch;
        private ListOptions next;
        private Iterator<E> page;

        AllPages(ListOptions first, Function<ListOptions, KeyPage<E>> fetch) {
            this.fetch = fetch;
            this.next = first;
        }

        @Override
        public boolean hasNext() {
            while (page == null || !page.hasNext()) {
                if (next == null) {
                    return false;
                }
                KeyPage<E> fetched = fetch.apply(next);
                if (fetched.hasMore() && next.cursor().map(fetched.nextCursor()::equals).orElse(false)) {
                    throw new StateApiException(
                            "the service answered the same cursor again; listing stopped rather than loop", null);
                }
                page = fetched.items().iterator();
                next = fetched.hasMore() ? next.toBuilder().cursor(fetched.nextCursor()).build() : null;
            }
            return true;
        }

        @Override
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }
}
