package io.stateapi.domain.exceptions;

import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Version;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction did not commit because at least one operation's condition failed; nothing was
 * written. Carries, for every operation in request order, whether its own condition failed and
 * the version its key was at when DynamoDB evaluated the transaction (empty when absent).
 */
public final class TransactionConflictException extends StateApiException {

    private final List<OperationConflict> operations;
    private final boolean replayed;

    public TransactionConflictException(List<OperationConflict> operations, boolean replayed) {
        super(describe(operations));
        this.operations = List.copyOf(operations);
        this.replayed = replayed;
    }

    public List<OperationConflict> operations() {
        return operations;
    }

    /** This is the stored outcome of an earlier request with the same idempotency key. */
    public boolean replayed() {
        return replayed;
    }

    public TransactionConflictException replay() {
        return new TransactionConflictException(operations, true);
    }

    private static String describe(List<OperationConflict> operations) {
        List<Integer> failed = operations.stream().filter(OperationConflict::conditionFailed)
                .map(OperationConflict::index).toList();
        return "the transaction was not committed: the condition of operation" + (failed.size() == 1 ? " " : "s ")
                + failed + " failed; nothing was written";
    }

    /** @param currentVersion null when the key was absent (never written, deleted or expired) */
    public record OperationConflict(int index, Namespace namespace, Key key, boolean conditionFailed,
                                    Version currentVersion) {

        public OperationConflict {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
        }

        public Optional<Version> current() {
            return Optional.ofNullable(currentVersion);
        }
    }
}
