package io.stateapi.domain.transactions;

import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on several keys, committed all together or not at all (ADR 0028). DynamoDB's
 * limits on {@code TransactWriteItems} are checked here, before anything is read or written, so
 * a request that cannot commit gets a clear 400 or 413 instead of a store error.
 */
public record Transaction(List<TransactionOperation> operations) {

    /** DynamoDB's limit of items in one {@code TransactWriteItems}. */
    public static final int MAX_OPERATIONS = 100;
    /** With an {@code Idempotency-Key}, the stored outcome is one more item of the same transaction. */
    public static final int MAX_OPERATIONS_WITH_IDEMPOTENCY_KEY = MAX_OPERATIONS - 1;
    /** DynamoDB's limit on the aggregate size of the items in one transaction. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    /**
     * What an item holds besides its key and value (version, times, expiry, write token, format,
     * index buckets, attribute names), counted generously so that a transaction accepted here is
     * never refused by DynamoDB for its size.
     */
    static final int ITEM_OVERHEAD_BYTES = 512;

    public Transaction {
        operations = List.copyOf(operations);
        requireCount(operations.size());
        Map<Address, Integer> seen = new HashMap<>();
        long bytes = 0;
        for (int i = 0; i < operations.size(); i++) {
            TransactionOperation operation = operations.get(i);
            Integer earlier = seen.putIfAbsent(new Address(operation.namespace(), operation.key()), i);
            if (earlier != null) {
                throw new InvalidRequestException("operations " + earlier + " and " + i + " both name key '"
                        + operation.key().value() + "' in namespace '" + operation.namespace().value()
                        + "'; a transaction takes one operation per key");
            }
            bytes += ITEM_OVERHEAD_BYTES + 2L * operation.key().value().getBytes(StandardCharsets.UTF_8).length
                    + (operation instanceof TransactionOperation.Put put ? put.value().utf8Bytes() : 0);
        }
        if (bytes > MAX_BYTES) {
            throw new PayloadTooLargeException("transaction of about " + bytes + " bytes of items", MAX_BYTES);
        }
    }

    /** @throws InvalidRequestException unless 1 to {@value #MAX_OPERATIONS} operations */
    public static void requireCount(int operations) {
        if (operations == 0) {
            throw new InvalidRequestException("a transaction needs at least one operation");
        }
        if (operations > MAX_OPERATIONS) {
            throw new InvalidRequestException("a transaction holds at most " + MAX_OPERATIONS + " operations ("
                    + MAX_OPERATIONS_WITH_IDEMPOTENCY_KEY + " with an Idempotency-Key); this one has " + operations);
        }
    }

    public static Transaction of(List<TransactionOperation> operations) {
        return new Transaction(operations);
    }

    public int size() {
        return operations.size();
    }

    /**
     * @throws InvalidRequestException when the transaction leaves no room for its stored outcome
     */
    public void requireRoomForOutcome() {
        if (operations.size() > MAX_OPERATIONS_WITH_IDEMPOTENCY_KEY) {
            throw new InvalidRequestException("a transaction sent with an Idempotency-Key holds at most "
                    + MAX_OPERATIONS_WITH_IDEMPOTENCY_KEY + " operations (its stored outcome takes DynamoDB's "
                    + MAX_OPERATIONS + "th item); this one has " + operations.size());
        }
    }

    /**
     * What makes a repeat "the same transaction" under an {@code Idempotency-Key}: every
     * operation in order, with its kind, address, precondition, TTL as sent and compact value.
     * No field can hold a line break (keys and namespaces refuse control characters, compact
     * JSON escapes them), so the lines cannot be confused.
     */
    public RequestFingerprint fingerprint() {
        StringBuilder canonical = new StringBuilder();
        for (TransactionOperation operation : operations) {
            canonical.append(switch (operation) {
                case TransactionOperation.Put ignored -> "put";
                case TransactionOperation.Delete ignored -> "delete";
                case TransactionOperation.Check ignored -> "check";
            }).append('\n').append(operation.namespace().value())
                    .append('\n').append(operation.key().value())
                    .append('\n').append(canonical(operation.precondition()));
            if (operation instanceof TransactionOperation.Put put) {
                canonical.append('\n').append(put.ttl() == null ? "-" : Long.toString(put.ttl().seconds()))
                        .append('\n').append(put.value().json());
            }
            canonical.append('\n');
        }
        return RequestFingerprint.ofTransaction(canonical.toString());
    }

    private static String canonical(Precondition precondition) {
        return switch (precondition) {
            case Precondition.None ignored -> "none";
            case Precondition.IfAbsent ignored -> "if-absent";
            case Precondition.IfPresent ignored -> "if-present";
            case Precondition.IfVersion v -> "if-version:" + v.version().value();
            case Precondition.Contradictory ignored -> "contradictory";
        };
    }

    private record Address(Namespace namespace, Key key) {
    }
}
