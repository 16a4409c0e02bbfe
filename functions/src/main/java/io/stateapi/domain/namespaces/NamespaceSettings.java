package io.stateapi.domain.namespaces;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a namespace treats the keys written into it (ADR 0016).
 *
 * @param defaultTtl    how long a value written without {@code ttlSeconds} lives; empty: no expiry
 * @param maxValueBytes largest value accepted, as compact UTF-8 JSON; at most the service's own
 *                      limit ({@link JsonDocument#MAX_UTF8_BYTES}), which DynamoDB's item size sets
 * @param eventValues   whether change events of the namespace carry the value, or only its version
 * @param changeRetentionDays how long the change log keeps the namespace's changes (key history,
 *                      ADR 0036), 1 to {@link #MAX_CHANGE_RETENTION_DAYS} days
 */
public record NamespaceSettings(Optional<TimeToLive> defaultTtl, long maxValueBytes, boolean eventValues,
                                int changeRetentionDays) {

    /** The change log's retention when a namespace does not set one. */
    public static final int DEFAULT_CHANGE_RETENTION_DAYS = 7;
    /** The longest change log retention a namespace may set. */
    public static final int MAX_CHANGE_RETENTION_DAYS = 365;

    /** What a namespace created by its first write gets, and what an omitted setting means. */
    public static final NamespaceSettings DEFAULTS =
            new NamespaceSettings(Optional.empty(), JsonDocument.MAX_UTF8_BYTES, true, DEFAULT_CHANGE_RETENTION_DAYS);

    public NamespaceSettings {
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        if (maxValueBytes < 1 || maxValueBytes > JsonDocument.MAX_UTF8_BYTES) {
            throw new InvalidRequestException("maxValueBytes must be an integer from 1 to " + JsonDocument.MAX_UTF8_BYTES);
        }
        if (changeRetentionDays < 1 || changeRetentionDays > MAX_CHANGE_RETENTION_DAYS) {
            throw new InvalidRequestException("changeRetentionDays must be an integer from 1 to " + MAX_CHANGE_RETENTION_DAYS);
        }
    }

    /** Settings with the default change log retention. */
    public NamespaceSettings(Optional<TimeToLive> defaultTtl, long maxValueBytes, boolean eventValues) {
        this(defaultTtl, maxValueBytes, eventValues, DEFAULT_CHANGE_RETENTION_DAYS);
    }

    /** How long the change log keeps a change of this namespace. */
    public Duration changeRetention() {
        return Duration.ofDays(changeRetentionDays);
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
