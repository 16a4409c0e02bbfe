package io.stateapi.client.internal;

import io.stateapi.client.RetryPolicy;
import io.stateapi.client.Subscription;
import io.stateapi.client.SubscriptionOptions;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.SubscriptionConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The calls on a namespace's subscriptions (ADR 0038), asynchronous; the blocking
 * {@code Subscriptions} waits on them.
 *
 * <p>Every one is sent again after a 429, a 503 or a lost connection ({@link Transport.Replay#SAFE}):
 * the service finishes a create or delete that stopped halfway when it is repeated, and a delete of
 * a subscription that is gone is a success. A create whose earlier attempt's answer was lost and
 * that then meets its own subscription (409) answers that subscription, if it has the filter asked for.
 */
public final class SubscriptionOperations {

    private static final String ACCEPT = "application/json, application/problem+json";

    private final Transport transport;
    private final RetryPolicy policy;
    private final String namespace;

    SubscriptionOperations(Transport transport, RetryPolicy policy, String namespace) {
        this.transport = transport;
        this.policy = policy;
        this.namespace = namespace;
    }

    /** {@code POST /v1/namespaces/{ns}/subscriptions}: 201 with the subscription. */
    public CompletableFuture<Subscription> create(String name, SubscriptionOptions options) {
        Transport.Request request;
        try {
            Map<String, String> headers = headers();
            headers.put("Content-Type", "application/json");
            request = new Transport.Request("POST", collection(), null, headers,
                    SubscriptionDocuments.request(name, options), Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.send(request, policy).thenCompose(response -> {
            if (response.status() / 100 == 2) {
                return CompletableFuture.completedFuture(read(request, response, SubscriptionDocuments::subscription));
            }
            StateApiException error = ProblemMapper.toException(request, response);
            if (error instanceof SubscriptionConflictException && response.earlierAttemptUnknown()) {
                return describe(name).thenApply(found -> {
                    if (found.status().equals("active") && sameFilter(found, options)) {
                        return found;
                    }
                    throw error;
                });
            }
            return CompletableFuture.failedFuture(error);
        });
    }

    /** {@code GET /v1/namespaces/{ns}/subscriptions}. */
    public CompletableFuture<List<Subscription>> list() {
        Transport.Request request = new Transport.Request("GET", collection(), null, headers(), null, Transport.Replay.SAFE);
        return transport.send(request, policy).thenApply(response -> read(request, response, SubscriptionDocuments::list));
    }

    /** {@code GET /v1/namespaces/{ns}/subscriptions/{name}}, with the backlog. */
    public CompletableFuture<Subscription> describe(String name) {
        Transport.Request request = new Transport.Request("GET", item(name), null, headers(), null, Transport.Replay.SAFE);
        return transport.send(request, policy)
                .thenApply(response -> read(request, response, SubscriptionDocuments::subscription));
    }

    /** {@code DELETE /v1/namespaces/{ns}/subscriptions/{name}}: 204, also when it is not there. */
    public CompletableFuture<Void> delete(String name) {
        Transport.Request request = new Transport.Request("DELETE", item(name), null, headers(), null, Transport.Replay.SAFE);
        return transport.send(request, policy).thenApply(response -> {
            if (response.status() / 100 != 2) {
                throw ProblemMapper.toException(request, response);
            }
            return null;
        });
    }

    private static boolean sameFilter(Subscription found, SubscriptionOptions options) {
        return found.prefix().equals(options.prefix().filter(p -> !p.isEmpty()))
                && found.includeValues() == options.includeValues().orElse(true)
                && options.types().map(types -> found.types().containsAll(types) && types.containsAll(found.types()))
                .orElse(found.types().size() == 4);
    }

    private static <T> T read(Transport.Request request, Transport.Response response, BiFunction<String, byte[], T> parse) {
        if (response.status() / 100 != 2) {
            throw ProblemMapper.toException(request, response);
        }
        try {
            return parse.apply(Transport.describe(request), response.body());
        } catch (StateApiException unreadable) {
            throw CallTrace.record(unreadable, response);
        }
    }

    private String collection() {
        return KeyPaths.namespacePath(namespace) + "/subscriptions";
    }

    private String item(String name) {
        return collection() + "/" + KeyPaths.queryValue(name);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT);
        return headers;
    }
}
