package io.stateapi.domain.namespaces;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.util.Objects;
import java.util.Optional;

/**
 * How a namespace treats the keys written into it (ADR 0016).
 *
 * @param defaultTtl    how long a value written without {@code ttlSeconds} lives; empty: no expiry
 * @param maxValueBytes largest value accepted, as compact UTF-8 JSON; at most the service's own
 *                      limit ({@link JsonDocument#MAX_UTF8_BYTES}), which DynamoDB's item size sets
 * @param eventValues   whether change events of the namespace carry the value, or only its version
 */
public record NamespaceSettings(Optional<TimeToLive> defaultTtl, long maxValueBytes, boolean eventValues) {

    /** What a namespace created by its first write gets, and what an omitted setting means. */
    public static final NamespaceSettings DEFAULTS =
            new NamespaceSettings(Optional.empty(), JsonDocument.MAX_UTF8_BYTES, true);

    public NamespaceSettings {
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        if (maxValueBytes < 1 || maxValueBytes > JsonDocument.MAX_UTF8_BYTES) {
            throw new InvalidRequestException("maxValueBytes must be an integer from 1 to " + JsonDocument.MAX_UTF8_BYTES);
        }
    }

    /** The TTL a write gets: its own, or else the namespace's default, or else none ({@code null}). */
    public TimeToLive ttlFor(TimeToLive requested) {
        return requested != null ? requested : defaultTtl.orElse(null);
    }

    /** @throws PayloadTooLargeException when {@code value} is larger than the namespace takes */
    public void checkSize(JsonDocument value) {
        int bytes = value.utf8Bytes();
        if (bytes > maxValueBytes) {
            throw new PayloadTooLargeException("value of " + bytes + " bytes", maxValueBytes);
        }
    }
}
