package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

/**
 * A transaction was not committed because at least one operation's condition failed (HTTP 409,
 * problem type {@code transaction-conflict}); nothing was written. {@link #operations()} has every
 * operation in request order: whether its own condition failed, and the version its key was at
 * when the transaction was evaluated (empty when absent), all at one point in time.
 */
public class TransactionConflictException extends StateApiException {

    private final List<OperationOutcome> operations;

    public TransactionConflictException(String message, int status, URI problemType, String detail,
                                        List<OperationOutcome> operations) {
        super(message, status, problemType, detail, null);
        this.operations = List.copyOf(operations);
    }

    public List<OperationOutcome> operations() {
        return operations;
    }

    /** The operations whose own condition failed. */
    public List<OperationOutcome> failed() {
        return operations.stream().filter(OperationOutcome::conditionFailed).toList();
    }

    /** One operation's part in the conflict. */
    public record OperationOutcome(int index, String namespace, String key, boolean conditionFailed,
                                   OptionalLong currentVersion) {
    }
}
