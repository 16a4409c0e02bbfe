package io.stateapi.client.exceptions;

import io.stateapi.client.IdempotencyKey;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A write was sent and no definitive answer came back before the retries ran out: the
 * connection was lost after the request went out, the call timed out, the service answered
 * 5xx, or another request with the same {@code Idempotency-Key} was still in flight. The write
 * may or may not have been applied. The last failure is the cause.
 *
 * <p>With an {@link #idempotencyKey()} the question has an exact answer: send the same write
 * again with that key ({@code WriteOptions.builder().idempotencyKey(key)}) within 24 h; the
 * service either replays the first outcome or applies the write now, never both.
 *
 * <p>Without a key (the client or the call turned it off) this is also what a conditional write
 * reports when its answer was lost and the retry found the key changed: either the first attempt
 * was applied or someone else wrote in between, and from the outside the two cannot be told
 * apart. Rather than guess (and risk applying a change twice, or reporting a lost change as
 * done), the client reports it; {@link #currentVersion()} is where the key stands. Read it and
 * decide.
 */
public class WriteOutcomeUnknownException extends StateApiException {

    private final Long currentVersion;
    private final IdempotencyKey idempotencyKey;

    public WriteOutcomeUnknownException(String message, Long currentVersion, IdempotencyKey idempotencyKey, Throwable cause) {
        super(message, cause);
        this.currentVersion = currentVersion;
        this.idempotencyKey = idempotencyKey;
    }

    /** The key's version reported by a retry that found it changed; empty otherwise (or when it was absent). */
    public OptionalLong currentVersion() {
        return currentVersion == null ? OptionalLong.empty() : OptionalLong.of(currentVersion);
    }

    /** The {@code Idempotency-Key} every attempt carried; empty when the write was sent without one. */
    public Optional<IdempotencyKey> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
