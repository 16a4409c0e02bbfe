package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidRequestException;
import java.time.Instant;

/** How long a written value lives. Expiry has one-second resolution, as DynamoDB's TTL does. */
public record TimeToLive(long seconds) {

    /** Ten years: long enough for any cache-like use, small enough to stay far from overflow. */
    public static final long MAX_SECONDS = 10L * 366 * 24 * 3600;

    public TimeToLive {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new InvalidRequestException(
                    "ttlSeconds must be an integer from 1 to " + MAX_SECONDS);
        }
    }

    public Instant expiryAfter(Instant now) {
        return Instant.ofEpochSecond(now.getEpochSecond() + seconds);
    }
}
