package io.stateapi.client;

import java.util.List;
import java.util.OptionalLong;

/**
 * A committed transaction: every operation in request order with the version its key is at now
 * (a put's new version, to send as {@link IfVersion#of} next; a delete's tombstone version; the
 * version a check saw, empty when it checked absence).
 *
 * @param replayed the stored outcome of an earlier request with the same idempotency key; nothing was written now
 */
public record TransactionResult(List<Operation> operations, boolean replayed) {

    public TransactionResult {
        operations = List.copyOf(operations);
    }

    /** The version of operation {@code index}'s key after the commit. */
    public OptionalLong version(int index) {
        return operations.get(index).version();
    }

    /** One operation's key and the version it is at after the commit. */
    public record Operation(String namespace, String key, OptionalLong version) {
    }
}
