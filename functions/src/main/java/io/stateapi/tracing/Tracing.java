package io.stateapi.tracing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Spans around the functions' work and around every AWS SDK call they make (ADR 0059). The
 * functions see only this port and {@link TraceSpan}: {@link #OFF}, what runs outside Lambda and
 * wherever tracing is not turned on, records nothing and loads no tracing library, so neither the
 * local stack nor a cold start without tracing pays for it. {@link Traces#current()} is the one the
 * process uses.
 */
public interface Tracing {

    /** Records nothing; a span hands on the trace header it was started from. */
    Tracing OFF = new Tracing() {
        @Override
        public List<ExecutionInterceptor> awsSdkInterceptors() {
            return List.of();
        }

        @Override
        public TraceSpan start(String name, SpanRole role, Optional<String> traceHeader) {
            return TraceSpan.unrecorded(traceHeader);
        }

        @Override
        public ExecutorService propagating(ExecutorService executor) {
            return executor;
        }
    };

    /** What every AWS SDK client of the functions is built with: each call becomes a child span. */
    List<ExecutionInterceptor> awsSdkInterceptors();

    /**
     * Starts a span in the trace of {@code traceHeader} (an X-Ray header, {@code Root=...;Parent=...}),
     * as a child of the span the header names, and makes it current on this thread until it is closed:
     * AWS SDK calls made meanwhile on this thread are its children. Without a header, or with an
     * unsampled one, nothing is recorded (Lambda decides which invocations are sampled).
     */
    TraceSpan start(String name, SpanRole role, Optional<String> traceHeader);

    /** {@code executor}, its tasks running in the span current where they were submitted. */
    ExecutorService propagating(ExecutorService executor);
}
