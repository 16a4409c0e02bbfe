package io.stateapi.domain.transactions;

import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Version;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A committed transaction: per operation, in request order, the version its key is at after the
 * commit (a put's new version, a delete's tombstone version, the version a check saw; empty for a
 * check that found the key absent).
 *
 * @param replayed the transaction was committed by an earlier request with the same idempotency
 *                 key; this is its stored outcome, and nothing was written now
 */
public record TransactionResult(List<OperationResult> operations, boolean replayed) {

    public TransactionResult {
        operations = List.copyOf(operations);
    }

    public TransactionResult replay() {
        return new TransactionResult(operations, true);
    }

    /** @param version null for a check of an absent key */
    public record OperationResult(Namespace namespace, Key key, Version version) {

        public OperationResult {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
        }

        public Optional<Version> currentVersion() {
            return Optional.ofNullable(version);
        }
    }
}
