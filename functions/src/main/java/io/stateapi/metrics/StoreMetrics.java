package io.stateapi.metrics;

/**
 * What the DynamoDB adapter counts of its writes (a port, as {@link RequestMetrics}): nothing
 * here knows how the counts reach CloudWatch ({@link EmbeddedServiceMetrics} writes them).
 */
public interface StoreMetrics {

    /** Counts nothing: the adapter's tests and tools that are no function. */
    StoreMetrics NONE = operation -> { };

    /**
     * A write whose answer was lost after it committed, sent again by the AWS SDK, found its own
     * write token and was reported as the commit it was (ADR 0007). Frequent ones say the network
     * or DynamoDB times out answers, though no caller saw an error.
     *
     * @param operation what was written: {@code put}, {@code delete}, {@code increment},
     *                  {@code changeExpiry}, {@code transaction}
     */
    void lostAnswerRecovered(String operation);
}
