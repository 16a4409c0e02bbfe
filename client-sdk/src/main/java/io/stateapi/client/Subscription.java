package io.stateapi.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A subscription of a namespace: its own SQS FIFO queue that receives the namespace's changes
 * matching its filter, in version order per key (ADR 0038). Consume {@link #queueUrl()} with any
 * SQS consumer, such as {@link io.stateapi.client.events.ChangeSubscriber}: the messages are the
 * same change events as on the tenant queue.
 *
 * @param status         {@code active}; {@code creating} or {@code deleting} when a request stopped
 *                       halfway (repeat it to finish)
 * @param prefix         keys starting with it, or empty for all keys
 * @param types          the event types delivered ({@code created}, {@code updated}, {@code deleted}, {@code expired})
 * @param queueUrl       empty until the subscription is active
 * @param backlog        messages waiting or in flight; only from {@link Subscriptions#describe(String)}
 * @param oldestMessageAgeSeconds CloudWatch's latest age of the oldest message; empty when it has no datapoint
 * @param deadLetterDepth messages in the dead-letter queue; only from {@code describe}
 */
public record Subscription(String id, String name, String namespace, String status, Optional<String> prefix,
                           List<String> types, boolean includeValues, Optional<String> queueUrl,
                           Optional<String> queueArn, Optional<String> deadLetterQueueUrl, Instant createdAt,
                           OptionalLong backlog, OptionalLong oldestMessageAgeSeconds, OptionalLong deadLetterDepth) {
    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        types = List.copyOf(types);
    }
}
