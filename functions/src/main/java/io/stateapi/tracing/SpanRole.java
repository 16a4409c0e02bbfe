package io.stateapi.tracing;

/**
 * What a span of the functions' own stands for, which decides where X-Ray shows it (ADR 0059).
 */
public enum SpanRole {
    /**
     * The function's handling of its invocation (an API request, a batch of stream records): a
     * child of the invocation's Lambda segment, shown inside the function's node.
     */
    INVOCATION,
    /**
     * Work done later, elsewhere, for a change a traced request made (the fan-out publishing it): a
     * segment of its own in that request's trace, a child of the request's span.
     */
    CONTINUATION
}
