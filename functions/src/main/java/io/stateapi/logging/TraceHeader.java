package io.stateapi.logging;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The X-Ray trace header ({@code Root=1-...;Parent=...;Sampled=1}) of the invocation running on
 * this thread, set with the invocation's {@link LogFields} and cleared with them. The DynamoDB
 * adapter keeps it on the item a write makes, so the fan-out can carry the change's trace on
 * (ADR 0050); nothing else reads it.
 */
public final class TraceHeader {

    /** A well-formed header is well under this; a caller's longer or stranger one is not kept. */
    static final int MAX_LENGTH = 256;
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private TraceHeader() {
    }

    /** The current invocation's trace header, if it has a well-formed one. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Sets this thread's header: kept only when it has a trace id and fits; null clears it. */
    static void set(String header) {
        if (header != null && header.length() <= MAX_LENGTH && PRINTABLE.matcher(header).matches()
                && LogFields.traceId(header).isPresent()) {
            CURRENT.set(header);
        } else {
            CURRENT.remove();
        }
    }
}
