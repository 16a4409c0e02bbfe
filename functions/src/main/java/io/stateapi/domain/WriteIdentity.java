package io.stateapi.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a write is, for exactly-once purposes: the token it leaves on the item (always), and,
 * when the client named the write with an {@code Idempotency-Key}, the request it stands for.
 *
 * @param idempotency present when the outcome must be stored and replayed under a client's key
 */
public record WriteIdentity(WriteToken token, Optional<IdempotentRequest> idempotency) {

    public WriteIdentity {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(idempotency, "idempotency");
    }

    /** A write that only the store's own retries need to recognise. */
    public static WriteIdentity fresh() {
        return new WriteIdentity(WriteToken.random(), Optional.empty());
    }

    /** A write whose outcome is stored under the client's key, with the request it was for. */
    public static WriteIdentity idempotent(IdempotencyKey key, RequestFingerprint fingerprint) {
        return new WriteIdentity(WriteToken.random(), Optional.of(new IdempotentRequest(key, fingerprint)));
    }

    /**
     * A write whose outcome is stored under the client's key together with the value it wrote:
     * for an operation (a patch) whose request does not carry the value, so a repeat cannot take
     * it from the request as a put's does (ADR 0029).
     */
    public static WriteIdentity idempotentKeepingValue(IdempotencyKey key, RequestFingerprint fingerprint) {
        return new WriteIdentity(WriteToken.random(), Optional.of(new IdempotentRequest(key, fingerprint, true)));
    }

    /**
     * A client's idempotency key and the fingerprint of the request first sent under it.
     *
     * @param keepsValue whether the stored outcome keeps the written value, for a replay to answer with
     */
    public record IdempotentRequest(IdempotencyKey key, RequestFingerprint fingerprint, boolean keepsValue) {

        public IdempotentRequest {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }

        /** A request whose repeats carry the value themselves. */
        public IdempotentRequest(IdempotencyKey key, RequestFingerprint fingerprint) {
            this(key, fingerprint, false);
        }
    }
}
