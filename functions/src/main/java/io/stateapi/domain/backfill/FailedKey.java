package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A key the backfill left as it was, and why. Its value stays readable at the version it was
 * stored at.
 *
 * @param storedAt the schema version the value records (empty: none, ADR 0056)
 */
public record FailedKey(Key key, OptionalLong storedAt, String reason) {

    /** Longest reason kept: the list is bounded, and so is each entry. */
    public static final int MAX_REASON_CHARS = 300;

    public FailedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(reason, "reason");
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS - 1) + "…";
        }
    }
}
