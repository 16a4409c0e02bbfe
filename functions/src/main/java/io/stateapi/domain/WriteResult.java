package io.stateapi.domain;

/**
 * The state a write committed, and whether it brought the key into existence.
 *
 * @param replayed the write was committed by an earlier request with the same idempotency key;
 *                 this is its stored outcome, and nothing was written now
 */
public record WriteResult(StateRecord record, boolean created, boolean replayed) {

    public WriteResult(StateRecord record, boolean created) {
        this(record, created, false);
    }
}
