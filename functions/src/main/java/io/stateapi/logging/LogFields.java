package io.stateapi.logging;

import io.stateapi.tracing.SpanRole;
import io.stateapi.tracing.TraceSpan;
import io.stateapi.tracing.Traces;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The fields every log line of an invocation carries, held in the MDC for the invocation and
 * written at the top level of each JSON line by {@code logback.xml}'s encoder (ADR 0048,
 * {@code docs/observability.md}). Only these names are written: the encoder lists them, so
 * nothing else put in the MDC (a library's, a framework's) reaches the logs.
 *
 * <p>None of them is ever a value, a header or a credential: a route is a template, a namespace
 * a name.
 */
public final class LogFields {

    /** The Lambda request id ({@code Context.getAwsRequestId()}), as in Lambda's own log lines. */
    public static final String REQUEST_ID = "requestId";
    /** The X-Ray trace id ({@code Root=} of the trace header): {@code 1-5759e988-bd862e3fe1be46a994272793}. */
    public static final String TRACE_ID = "traceId";
    /** The matched route's template, {@code /v1/namespaces/{namespace}/keys/{+key}}, never a path. */
    public static final String ROUTE = "route";
    public static final String METHOD = "method";
    /** The namespace named by the path, as the caller named it (the tenant comes from the credential). */
    public static final String NAMESPACE = "namespace";

    /** Set by the Lambda Java runtime for each invocation when tracing is on. */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** Lambda's environment variable of the same header (the runtime's value at start). */
    static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

    private LogFields() {
    }

    /** Clears the fields when the invocation ends. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts an invocation's fields, dropping whatever an earlier invocation on this thread left
     * (the MDC is per thread, and Lambda reuses the thread).
     *
     * @param requestId   the Lambda request id, or null outside Lambda without one
     * @param traceHeader an {@code X-Amzn-Trace-Id} header the request came with, or null
     */
    public static Scope open(String requestId, String traceHeader) {
        MDC.clear();
        put(REQUEST_ID, requestId);
        String lambdaHeader = lambdaTraceHeader();
        String header = traceId(lambdaHeader).isPresent() ? lambdaHeader : traceHeader;
        traceId(header).ifPresent(id -> MDC.put(TRACE_ID, id));
        TraceHeader.set(header);
        return () -> {
            MDC.clear();
            TraceHeader.set(null);
        };
    }

    /**
     * Starts the invocation's span (ADR 0059) in the trace of the invocation's header, and makes the
     * header the invocation hands on ({@link TraceHeader}, kept on the items it writes) name that span,
     * so the work a change causes later is its child. Close it before the invocation's fields.
     */
    public static TraceSpan startSpan(String name) {
        TraceSpan span = Traces.current().start(name, SpanRole.INVOCATION, TraceHeader.current());
        span.traceHeader().ifPresent(TraceHeader::set);
        return span;
    }

    /**
     * Runs {@code work} with the trace id of {@code traceHeader} on its lines (none when the header
     * has none), then puts the invocation's own back: a fan-out line about one change carries the
     * trace of the request that made it.
     */
    public static void withTraceOf(String traceHeader, Runnable work) {
        String own = MDC.get(TRACE_ID);
        MDC.remove(TRACE_ID);
        traceId(traceHeader).ifPresent(id -> MDC.put(TRACE_ID, id));
        try {
            work.run();
        } finally {
            MDC.remove(TRACE_ID);
            put(TRACE_ID, own);
        }
    }

    /** Puts one field for the rest of the invocation; a null value leaves it out. */
    public static void put(String name, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(name, value);
        }
    }

    /** The trace id of a trace header ({@code Root=1-...;Parent=...;Sampled=1}), if it has one. */
    public static Optional<String> traceId(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            String field = part.strip();
            if (field.startsWith("Root=") && field.length() > "Root=".length()) {
                return Optional.of(field.substring("Root=".length()));
            }
        }
        return Optional.empty();
    }

    /** The invocation's own trace header on Lambda; null elsewhere. */
    private static String lambdaTraceHeader() {
        String header = System.getProperty(TRACE_HEADER_PROPERTY);
        return header != null ? header : System.getenv(TRACE_HEADER_VARIABLE);
    }
}
