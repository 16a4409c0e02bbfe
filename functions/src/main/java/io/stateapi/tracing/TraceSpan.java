package io.stateapi.tracing;

import java.util.Objects;
import java.util.Optional;

/** A span started by {@link Tracing#start}, current on its thread until closed. */
public interface TraceSpan extends AutoCloseable {

    /**
     * The X-Ray trace header that names this span as the parent, for what the work hands on (the
     * item's {@code traceHeader}, a call's {@code X-Amzn-Trace-Id}); for a span not recorded, the
     * header it was started from.
     */
    Optional<String> traceHeader();

    /** Names the span once what it did is known (an API request's route). */
    void rename(String name);

    void attribute(String key, String value);

    void attribute(String key, long value);

    /** Marks the span failed (a 5xx answer, a batch with records to retry). */
    void failed(String description);

    /** Ends the span and makes the previous one current again. */
    @Override
    void close();

    /** A span that records nothing and hands on {@code traceHeader}. */
    static TraceSpan unrecorded(Optional<String> traceHeader) {
        Objects.requireNonNull(traceHeader, "traceHeader");
        return new TraceSpan() {
            @Override
            public Optional<String> traceHeader() {
                return traceHeader;
            }

            @Override
            public void rename(String name) {
            }

            @Override
            public void attribute(String key, String value) {
            }

            @Override
            public void attribute(String key, long value) {
            }

            @Override
            public void failed(String description) {
            }

            @Override
            public void close() {
            }
        };
    }
}
