package io.stateapi.client.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one reading of {@code Retry-After} (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
 * The transport waits at least this long before a retry, and every exception that carries the
 * advice ({@code StateApiException.retryAfter()}) gets it from here.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The advice of an answer, or null when it gave none or none that can be read. */
    public static Duration of(HttpHeaders headers) {
        return of(headers, Clock.systemUTC());
    }

    static Duration of(HttpHeaders headers, Clock clock) {
        String value = headers.firstValue("Retry-After").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
