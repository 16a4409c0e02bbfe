package io.stateapi.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of one logical write, kept on the item it commits. A write whose answer was
 * lost and that is sent again (by the AWS SDK's retries) fails its own condition; finding its
 * token on the item tells the store that the failure is its own earlier commit, not a
 * conflict (ADR 0007).
 */
public record WriteToken(String value) {

    public WriteToken {
        Objects.requireNonNull(value, "value");
    }

    public static WriteToken random() {
        return new WriteToken(UUID.randomUUID().toString());
    }
}
