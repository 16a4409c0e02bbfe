package io.stateapi.domain.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One fixed window of a request quota: {@code [start, start + length)}, with windows aligned on
 * the epoch so every instance of the api function puts a given instant in the same window.
 *
 * @param start  where the window begins, a whole multiple of {@code length} since the epoch
 * @param length whole seconds, at least one (so {@code Retry-After}, in seconds, can name its end)
 */
public record QuotaWindow(Instant start, Duration length) {

    public QuotaWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        requireWholeSeconds(length);
        if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), length.toSeconds()) != 0) {
            throw new IllegalArgumentException("a quota window starts on a multiple of its length: " + start);
        }
    }

    /** The window of {@code length} that contains {@code instant}. */
    public static QuotaWindow containing(Instant instant, Duration length) {
        long seconds = requireWholeSeconds(length);
        return new QuotaWindow(Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds), length);
    }

    private static long requireWholeSeconds(Duration length) {
        if (length.isNegative() || length.isZero() || length.toNanosPart() != 0) {
            throw new IllegalArgumentException("a quota window lasts whole seconds: " + length);
        }
        return length.toSeconds();
    }

    /** The first instant after the window: when its count starts again from zero. */
    public Instant end() {
        return start.plus(length);
    }

    /** The window right after this one. */
    public QuotaWindow next() {
        return new QuotaWindow(end(), length);
    }

    /**
     * How long a client refused at {@code now} should wait: the whole seconds until the window
     * ends, rounded up, and at least one ({@code Retry-After} has no smaller value).
     */
    public Duration retryAfter(Instant now) {
        Duration left = Duration.between(now, end());
        long seconds = left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
