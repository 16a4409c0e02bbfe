package io.stateapi.resources;

/**
 * What the event source mapping from the table's stream to the fan-out function must do,
 * in every environment, for the delivery guarantees of docs/events.md to hold. The CDK
 * app sets these (with per-environment batch size, window, retries and record age in its
 * EnvironmentConfig); the local stream poller plays the same behaviour.
 */
public final class StreamMapping {
    /** The function reports partial failures (StreamsEventResponse.batchItemFailures). */
    public static final boolean REPORT_BATCH_ITEM_FAILURES = true;
    /** Split a batch in two when the function fails, to isolate a poison record. */
    public static final boolean BISECT_BATCH_ON_FUNCTION_ERROR = true;
    /** One batch per shard at a time: a key's records reach the function in commit order. */
    public static final int PARALLELIZATION_FACTOR = 1;
    /** A new or re-created mapping publishes every change still in the stream. */
    public static final String STARTING_POSITION = "TRIM_HORIZON";

    private StreamMapping() {
    }
}
