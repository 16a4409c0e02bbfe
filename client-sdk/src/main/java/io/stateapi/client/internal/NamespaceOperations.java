package io.stateapi.client.internal;

import io.stateapi.client.NamespaceInfo;
import io.stateapi.client.NamespacePage;
import io.stateapi.client.NamespaceSettings;
import io.stateapi.client.BackfillStatus;
import io.stateapi.client.PurgeStatus;
import io.stateapi.client.RetryPolicy;
import io.stateapi.client.SchemaVersion;
import io.stateapi.client.SchemaVersions;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.exceptions.SchemaVersionConflictException;
import io.stateapi.client.exceptions.StateApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The calls on the caller's namespaces (the tenant comes from the credential), asynchronous; the
 * blocking {@code Namespaces} waits on them.
 *
 * <p>Every one is sent again after a 429, a 503 or a lost connection ({@link Transport.Replay#SAFE}):
 * reads change nothing; a repeated PUT leaves the settings it sets (a namespace has no versions
 * and no change events, so a repeat cannot be told from the first); a repeated purge finds the
 * purge it started; and a delete that finds the namespace gone after an attempt whose answer was
 * lost reports success, as absence, its goal, holds (ADR 0033).
 */
public final class NamespaceOperations {

    private static final String JSON = "application/json";
    private static final String ACCEPT = "application/json, application/problem+json";

    private final Transport transport;
    private final RetryPolicy policy;

    public NamespaceOperations(Transport transport, RetryPolicy policy) {
        this.transport = transport;
        this.policy = policy;
    }

    public NamespaceOperations withRetryPolicy(RetryPolicy newPolicy) {
        return new NamespaceOperations(transport, newPolicy);
    }

    /** {@code PUT /v1/namespaces/{ns}}: 201 created, 200 settings changed; both describe it. */
    public CompletableFuture<NamespaceInfo> put(String namespace, NamespaceSettings settings) {
        return call(() -> {
            Map<String, String> headers = headers();
            headers.put("Content-Type", JSON);
            return new Transport.Request("PUT", KeyPaths.namespacePath(namespace), null, headers,
                    NamespaceDocuments.settings(settings), Transport.Replay.SAFE);
        }, body(NamespaceDocuments::info));
    }

    public CompletableFuture<NamespaceInfo> describe(String namespace) {
        return call(() -> get(KeyPaths.namespacePath(namespace), null), body(NamespaceDocuments::info));
    }

    /** {@code GET /v1/namespaces?limit=&cursor=}; a null limit or cursor is left out. */
    public CompletableFuture<NamespacePage> page(Integer limit, String cursor) {
        return call(() -> {
            StringBuilder query = new StringBuilder();
            if (limit != null) {
                query.append("limit=").append(limit);
            }
            if (cursor != null) {
                query.append(query.isEmpty() ? "" : "&").append("cursor=").append(KeyPaths.queryValue(cursor));
            }
            return get(KeyPaths.NAMESPACES, query.isEmpty() ? null : query.toString());
        }, body(NamespaceDocuments::page));
    }

    /** {@code DELETE /v1/namespaces/{ns}}: 204 when it was empty. */
    public CompletableFuture<Void> delete(String namespace) {
        return call(() -> new Transport.Request("DELETE", KeyPaths.namespacePath(namespace), null, headers(), null,
                Transport.Replay.SAFE), (request, response) -> {
            if (response.status() / 100 == 2) {
                return null;
            }
            StateApiException error = ProblemMapper.toException(request, response);
            if (error instanceof NamespaceNotFoundException && response.earlierAttemptUnknown()) {
                return null;
            }
            throw error;
        });
    }

    /** {@code DELETE /v1/namespaces/{ns}?purge=true}: 202 with the purge's status. */
    public CompletableFuture<PurgeStatus> purge(String namespace) {
        return call(() -> new Transport.Request("DELETE", KeyPaths.namespacePath(namespace), "purge=true", headers(), null,
                Transport.Replay.SAFE), body(NamespaceDocuments::purge));
    }

    /** {@code GET /v1/namespaces/{ns}/purge}. */
    public CompletableFuture<PurgeStatus> purgeStatus(String namespace) {
        return call(() -> get(KeyPaths.namespacePath(namespace) + "/purge", null), body(NamespaceDocuments::purge));
    }

    /**
     * {@code PUT /v1/namespaces/{ns}/schemas/{version}}: 201 with the version, now active. Sent
     * again like the other calls: a repeat after a lost answer finds its own version created
     * (409 with that version the latest) and, when the stored document is the one sent, returns
     * it; a version another creator made with another document stays a conflict.
     */
    public CompletableFuture<SchemaVersion> createSchema(String namespace, long version, String schemaJson,
                                                         Optional<String> jsonata) {
        String path = KeyPaths.namespacePath(namespace) + "/schemas/" + version;
        CompletableFuture<SchemaVersion> created = call(() -> {
            Map<String, String> headers = headers();
            headers.put("Content-Type", JSON);
            return new Transport.Request("PUT", path, null, headers, NamespaceDocuments.schemaRequest(schemaJson, jsonata),
                    Transport.Replay.SAFE);
        }, (request, response) -> {
            if (response.status() / 100 == 2) {
                return NamespaceDocuments.schema(Transport.describe(request), response.body());
            }
            StateApiException error = ProblemMapper.toException(request, response);
            if (error instanceof SchemaVersionConflictException conflict && response.earlierAttemptUnknown()
                    && conflict.latestVersion().orElse(0) >= version) {
                return null; // decided below, by reading the version
            }
            throw error;
        });
        return created.thenCompose(answer -> answer != null ? CompletableFuture.completedFuture(answer)
                : schema(namespace, version).thenApply(stored -> {
                    if (stored.schema().map(text -> NamespaceDocuments.sameJson(text, schemaJson)).orElse(false)
                            && stored.migration().equals(jsonata)) {
                        return stored;
                    }
                    throw new SchemaVersionConflictException("PUT " + path + ": schema version " + version
                            + " exists with another document or migration", 409, null, null, null);
                }));
    }

    /** {@code GET /v1/namespaces/{ns}/schemas}. */
    public CompletableFuture<SchemaVersions> schemas(String namespace) {
        return call(() -> get(KeyPaths.namespacePath(namespace) + "/schemas", null), body(NamespaceDocuments::schemas));
    }

    /** {@code GET /v1/namespaces/{ns}/schemas/{version}}. */
    public CompletableFuture<SchemaVersion> schema(String namespace, long version) {
        return call(() -> get(KeyPaths.namespacePath(namespace) + "/schemas/" + version, null),
                body(NamespaceDocuments::schema));
    }

    /**
     * {@code POST /v1/namespaces/{ns}/schemas/{version}/backfill}: 202 with its status. Sent again
     * like the other calls: a repeat finds the backfill it started running and answers it.
     */
    public CompletableFuture<BackfillStatus> startBackfill(String namespace, long version, boolean dryRun, int segments,
                                                           int itemsPerSecond) {
        String path = backfillPath(namespace, version);
        return call(() -> {
            Map<String, String> headers = headers();
            headers.put("Content-Type", JSON);
            return new Transport.Request("POST", path, null, headers,
                    BackfillDocuments.request(dryRun, segments, itemsPerSecond), Transport.Replay.SAFE);
        }, body(BackfillDocuments::status));
    }

    /** {@code GET /v1/namespaces/{ns}/schemas/{version}/backfill}. */
    public CompletableFuture<BackfillStatus> backfill(String namespace, long version) {
        return call(() -> get(backfillPath(namespace, version), null), body(BackfillDocuments::status));
    }

    /** {@code DELETE /v1/namespaces/{ns}/schemas/{version}/backfill}: its status after. */
    public CompletableFuture<BackfillStatus> cancelBackfill(String namespace, long version) {
        return call(() -> new Transport.Request("DELETE", backfillPath(namespace, version), null, headers(), null,
                Transport.Replay.SAFE), body(BackfillDocuments::status));
    }

    private static String backfillPath(String namespace, long version) {
        return KeyPaths.namespacePath(namespace) + "/schemas/" + version + "/backfill";
    }

    private interface RequestSupplier {
        Transport.Request get();
    }

    private interface AnswerReader<T> {
        T read(Transport.Request request, Transport.Response response);
    }

    /** A 2xx's body read by {@code parse}; anything else becomes the exception named for it. */
    private static <T> AnswerReader<T> body(BiFunction<String, byte[], T> parse) {
        return (request, response) -> {
            if (response.status() / 100 != 2) {
                throw ProblemMapper.toException(request, response);
            }
            try {
                return parse.apply(Transport.describe(request), response.body());
            } catch (StateApiException unreadable) {
                throw CallTrace.record(unreadable, response);
            }
        };
    }

    /** Sends the request and reads its answer; cancelling the result cancels the exchange and its retries. */
    private <T> CompletableFuture<T> call(RequestSupplier requests, AnswerReader<T> reader) {
        Transport.Request request;
        try {
            request = requests.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        CompletableFuture<T> answer = sent.thenApply(response -> reader.read(request, response));
        answer.whenComplete((value, error) -> {
            if (answer.isCancelled()) {
                sent.cancel(true);
            }
        });
        return answer;
    }

    private static Transport.Request get(String path, String query) {
        return new Transport.Request("GET", path, query, headers(), null, Transport.Replay.SAFE);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT);
        return headers;
    }
}
