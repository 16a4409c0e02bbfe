package io.stateapi.domain.subscriptions;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** {@link SubscriptionChannels} that keeps the ids it has made, and fails once when told to. */
final class FakeSubscriptionChannels implements SubscriptionChannels {

    final Set<String> made = new HashSet<>();
    int provisions;
    boolean failNextProvision;
    boolean failNextRemove;

    @Override
    public SubscriptionQueues provision(Subscription subscription) {
        provisions++;
        made.add(subscription.id());
        if (failNextProvision) {
            failNextProvision = false;
            throw new IllegalStateException("injected: the queue is made, the topic subscription failed");
        }
        return new SubscriptionQueues("https://sqs/q-" + subscription.id(), "arn:q-" + subscription.id(),
                "https://sqs/dlq-" + subscription.id(), "arn:dlq-" + subscription.id());
    }

    @Override
    public void remove(Subscription subscription) {
        if (failNextRemove) {
            failNextRemove = false;
            throw new IllegalStateException("injected: the alarms are gone, the queue is not");
        }
        made.remove(subscription.id());
    }

    @Override
    public Backlog backlog(Subscription subscription) {
        return new Backlog(3, Optional.empty(), 1);
    }
}
