package io.stateapi.domain;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The integers a counter holds: I-JSON's interoperable integers, -(2^53-1) to 2^53-1
 * (RFC 7493 section 2.2), the range every JSON reader (JavaScript's included) holds exactly
 * (ADR 0034). A value is one exactly when its stored compact JSON text is an integer in
 * canonical form (no sign on zero, no leading zero, no fraction, no exponent), so that text
 * and number turn into each other without a character changing: {@code 7} is a counter,
 * {@code 7.0}, {@code 7e0} and {@code -0} stay the text they were written as.
 */
public final class ExactInteger {

    /** 2^53 - 1: the largest magnitude a counter or an increment may have. */
    public static final long MAX = 9_007_199_254_740_991L;

    private static final Pattern CANONICAL = Pattern.compile("0|-?[1-9][0-9]{0,15}");

    private ExactInteger() {
    }

    /** The integer a value is, when it is one in canonical form and within range; empty otherwise. */
    public static OptionalLong of(JsonDocument value) {
        return of(value.json());
    }

    /** The integer a JSON text is, when it is one in canonical form and within range; empty otherwise. */
    public static OptionalLong of(String json) {
        if (json.length() > 17 || !CANONICAL.matcher(json).matches()) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(json);
        return inRange(n) ? OptionalLong.of(n) : OptionalLong.empty();
    }

    public static boolean inRange(long n) {
        return n >= -MAX && n <= MAX;
    }

    /** The value holding {@code n}, in the canonical text {@link #of} reads back. */
    public static JsonDocument document(long n) {
        if (!inRange(n)) {
            throw new IllegalArgumentException(n + " is outside +-" + MAX);
        }
        return new JsonDocument(Long.toString(n));
    }
}
