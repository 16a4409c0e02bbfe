package io.stateapi.domain.subscriptions;

import java.util.Objects;

/** Where a subscription's consumer reads: its queue, and its own dead-letter queue. */
public record SubscriptionQueues(String queueUrl, String queueArn, String deadLetterQueueUrl, String deadLetterQueueArn) {
    public SubscriptionQueues {
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(queueArn, "queueArn");
        Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        Objects.requireNonNull(deadLetterQueueArn, "deadLetterQueueArn");
    }
}
