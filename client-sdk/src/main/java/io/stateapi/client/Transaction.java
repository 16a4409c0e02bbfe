package io.stateapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.exceptions.ValueMappingException;
import io.stateapi.client.internal.JsonCodec;
import io.stateapi.client.internal.KeyPaths;
import io.stateapi.client.internal.Transport;
import io.stateapi.client.internal.Writes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Puts, deletes and condition checks on several keys, committed all together or not at all
 * ({@code POST /v1/transactions}, ADR 0028). Built by {@link StateClient#transaction()}; not
 * thread-safe; commit it once.
 *
 * <pre>{@code
 * TransactionResult result = client.transaction()
 *         .put("accounts", "alice", new Balance(90), IfVersion.of(7))
 *         .put("accounts", "bob", new Balance(110), IfVersion.of(3))
 *         .check("limits", "alice", IfVersion.of(4))
 *         .commit();
 * long aliceNow = result.version(0).getAsLong();
 * }</pre>
 *
 * <p>A failed condition throws {@link io.stateapi.client.exceptions.TransactionConflictException}
 * with every operation's outcome; nothing was written. Like every write of the SDK, a transaction
 * carries an {@code Idempotency-Key} by default (the same on each retry), so it is applied at
 * most once whatever the network does; with a key it holds at most 99 operations (100 without).
 */
public final class Transaction {

    /** The service's limit of operations per transaction. */
    public static final int MAX_OPERATIONS = 100;
    /** The limit with an {@code Idempotency-Key}: the stored outcome takes DynamoDB's 100th item. */
    public static final int MAX_OPERATIONS_WITH_IDEMPOTENCY_KEY = 99;

    static final String PATH = "/v1/transactions";

    private final Writes writes;
    private final JsonCodec codec;
    private final RetryPolicy policy;
    private final ArrayNode operations = JsonCodec.protocol().createArrayNode();
    private final WriteOptions.Builder options = WriteOptions.builder();
    private boolean namesOneVersionEach = true;

    Transaction(Writes writes, JsonCodec codec, RetryPolicy policy) {
        this.writes = writes;
        this.codec = codec;
        this.policy = policy;
    }

    /** Writes {@code value}, last-write-wins. */
    public Transaction put(String namespace, String key, Object value) {
        return put(namespace, key, value, WriteOptions.defaults());
    }

    /** Writes {@code value} if the key is at that version ({@link IfVersion#of}) or exists ({@link IfVersion#exists}). */
    public Transaction put(String namespace, String key, Object value, IfVersion condition) {
        return put(namespace, key, value, WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition"))
                .build());
    }

    /** Writes {@code value} only if the key is absent (never written, deleted or expired). */
    public Transaction putIfAbsent(String namespace, String key, Object value) {
        return put(namespace, key, value, WriteOptions.builder().ifAbsent().build());
    }

    /**
     * Writes {@code value} with the condition and time to live of {@code options} (its
     * idempotency key, if any, is ignored: the transaction has one, see {@link #idempotencyKey}).
     */
    public Transaction put(String namespace, String key, Object value, WriteOptions options) {
        ObjectNode operation = operation("put", namespace, key);
        JsonNode tree = codec.toTree(value);
        operation.set("value", tree == null ? JsonCodec.protocol().nullNode() : tree);
        options.ttl().ifPresent(ttl -> operation.put("ttlSeconds", ttl.toSeconds()));
        condition(operation, options);
        return this;
    }

    /** Writes {@code value} with options built by {@code options}. */
    public Transaction put(String namespace, String key, Object value, Consumer<WriteOptions.Builder> options) {
        WriteOptions.Builder builder = WriteOptions.builder();
        options.accept(builder);
        return put(namespace, key, value, builder.build());
    }

    /** Deletes the key, which must exist (else the transaction fails). */
    public Transaction delete(String namespace, String key) {
        namesOneVersionEach = false;
        operation("delete", namespace, key);
        return this;
    }

    /** Deletes the key if it is at that version. */
    public Transaction delete(String namespace, String key, IfVersion condition) {
        ObjectNode operation = operation("delete", namespace, key);
        if (condition.version() == 0) {
            namesOneVersionEach = false;  // IfVersion.exists(): the key must exist, as for any delete
        } else {
            operation.put("ifVersion", condition.version());
        }
        return this;
    }

    /** Writes nothing; the transaction commits only if the key is at that version ({@link IfVersion#of}) or exists. */
    public Transaction check(String namespace, String key, IfVersion condition) {
        ObjectNode operation = operation("check", namespace, key);
        if (condition.version() == 0) {
            operation.put("ifPresent", true);
        } else {
            operation.put("ifVersion", condition.version());
        }
        return this;
    }

    /** Writes nothing; the transaction commits only if the key is absent. */
    public Transaction checkAbsent(String namespace, String key) {
        operation("check", namespace, key).put("ifAbsent", true);
        return this;
    }

    /** Your name for this transaction, instead of the random key the client sends by default. */
    public Transaction idempotencyKey(IdempotencyKey key) {
        options.idempotencyKey(key);
        return this;
    }

    /** {@link #idempotencyKey(IdempotencyKey)} from text. */
    public Transaction idempotencyKey(String key) {
        options.idempotencyKey(key);
        return this;
    }

    /** Sends this transaction without an {@code Idempotency-Key}, whatever the client's setting. */
    public Transaction withoutIdempotencyKey() {
        options.withoutIdempotencyKey();
        return this;
    }

    /** Operations so far. */
    public int size() {
        return operations.size();
    }

    /**
     * Commits every operation or none.
     *
     * @throws io.stateapi.client.exceptions.TransactionConflictException when a condition failed; nothing was written
     * @throws io.stateapi.client.exceptions.WriteOutcomeUnknownException when no definitive answer came
     */
    public TransactionResult commit() {
        return Blocking.await(commitAsync());
    }

    /** {@link #commit()}, completing the future instead of blocking. */
    public CompletableFuture<TransactionResult> commitAsync() {
        if (operations.isEmpty()) {
            throw new IllegalStateException("a transaction needs at least one operation");
        }
        ObjectNode body = JsonCodec.protocol().createObjectNode();
        body.set("operations", operations.deepCopy());
        byte[] bytes;
        try {
            bytes = JsonCodec.protocol().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ValueMappingException("cannot write the transaction", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, application/problem+json");
        Writes.Write write = new Writes.Write("POST", PATH, headers, bytes, namesOneVersionEach, options.build());
        return writes.send(write, policy).thenApply(Transaction::result);
    }

    private static TransactionResult result(Transport.Response response) {
        try {
            JsonNode body = JsonCodec.parse(response.body());
            java.util.List<TransactionResult.Operation> results = new java.util.ArrayList<>();
            for (JsonNode operation : body.path("operations")) {
                JsonNode version = operation.path("version");
                results.add(new TransactionResult.Operation(operation.path("namespace").asText(),
                        operation.path("key").asText(),
                        version.isIntegralNumber() ? OptionalLong.of(version.asLong()) : OptionalLong.empty()));
            }
            return new TransactionResult(results,
                    response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false));
        } catch (IOException e) {
            throw new ValueMappingException("the service's answer to a transaction is not JSON", e);
        }
    }

    private ObjectNode operation(String type, String namespace, String key) {
        KeyPaths.checkNamespace(namespace);
        KeyPaths.keyPath(namespace, key);  // refuses a key the service would refuse, before sending
        if (operations.size() == MAX_OPERATIONS) {
            throw new IllegalStateException("a transaction holds at most " + MAX_OPERATIONS + " operations");
        }
        ObjectNode operation = operations.addObject();
        operation.put("type", type);
        operation.put("namespace", namespace);
        operation.put("key", key);
        return operation;
    }

    private void condition(ObjectNode operation, WriteOptions options) {
        if (options.ifAbsent()) {
            operation.put("ifAbsent", true);
            namesOneVersionEach = false;
        } else if (options.ifVersion().isPresent()) {
            long version = options.ifVersion().get().version();
            if (version == 0) {
                operation.put("ifPresent", true);
                namesOneVersionEach = false;
            } else {
                operation.put("ifVersion", version);
            }
        } else {
            namesOneVersionEach = false;
        }
    }
}
