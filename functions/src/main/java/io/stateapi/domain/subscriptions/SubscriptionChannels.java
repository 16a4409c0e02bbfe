package io.stateapi.domain.subscriptions;

/**
 * Making and removing what delivers a subscription's changes (adapter
 * {@code AwsSubscriptionChannels}: an SQS FIFO queue and DLQ subscribed to the tenant's SNS FIFO
 * topic with a filter policy, and two alarms). Each method may be repeated after a failure at
 * any point, and then finishes the job: nothing made halfway is left that a repeat cannot
 * complete or remove.
 */
public interface SubscriptionChannels {

    /**
     * Makes the subscription's queues, its topic subscription and its alarms, or finds those that
     * exist, all named by {@link Subscription#id()}.
     *
     * @throws RuntimeException when AWS could not do it now; repeat later
     */
    SubscriptionQueues provision(Subscription subscription);

    /** Removes everything {@link #provision} makes, whatever of it exists. */
    void remove(Subscription subscription);

    /** What is waiting in the subscription's queues now. */
    Backlog backlog(Subscription subscription);
}
