package io.stateapi.domain;

/**
 * The version a delete committed.
 *
 * @param replayed the delete was committed by an earlier request with the same idempotency
 *                 key; this is its stored outcome, and nothing was written now
 */
public record DeleteResult(Version version, boolean replayed) {
}
