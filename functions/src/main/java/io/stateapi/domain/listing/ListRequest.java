package io.stateapi.domain.listing;

import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.util.Objects;
import java.util.Optional;

/**
 * A caller's request for one page of a namespace's keys.
 *
 * @param cursor the previous page's {@code nextCursor}, as the caller got it; empty for the first page
 * @param values whether each key comes with its value
 */
public record ListRequest(KeyPrefix prefix, int limit, Optional<String> cursor, boolean values,
                          ReadConsistency consistency) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** @throws InvalidRequestException when {@code limit} is not from 1 to {@link #MAX_LIMIT} */
    public ListRequest {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(consistency, "consistency");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + MAX_LIMIT);
        }
    }

    /** The first page of every key, {@link #DEFAULT_LIMIT} of them, without values, strongly consistent. */
    public static ListRequest firstPage(KeyPrefix prefix) {
        return new ListRequest(prefix, DEFAULT_LIMIT, Optional.empty(), false, ReadConsistency.STRONG);
    }
}
