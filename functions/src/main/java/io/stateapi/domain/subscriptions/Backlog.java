package io.stateapi.domain.subscriptions;

import java.util.Optional;

/**
 * How far a subscription's consumer is behind: messages in its queue (waiting and in flight),
 * the age of the oldest (CloudWatch's {@code ApproximateAgeOfOldestMessage}, empty when
 * CloudWatch has no datapoint for the last minutes), and messages in its dead-letter queue.
 */
public record Backlog(long messages, Optional<Long> oldestMessageAgeSeconds, long deadLetterMessages) {
}
