package io.stateapi.client;

import io.stateapi.client.internal.SubscriptionOperations;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A namespace's subscriptions, with blocking calls; get it from {@link StateNamespace#subscriptions()}.
 * Each subscription is an SQS FIFO queue of its own that receives the namespace's changes matching
 * its filter, in version order per key, committed after {@link #create} returned (ADR 0038; consume
 * it with {@link io.stateapi.client.events.ChangeSubscriber} on {@link Subscription#queueUrl()}).
 * Creating and deleting need the {@code state:admin} scope, listing and describing {@code state:read}.
 * Every call is retried after throttling, 503 and lost connections: the service finishes a create
 * or delete that stopped halfway when it is repeated.
 */
public final class Subscriptions {

    private final SubscriptionOperations operations;

    Subscriptions(SubscriptionOperations operations) {
        this.operations = operations;
    }

    /**
     * Creates a subscription of every change, with values.
     *
     * @throws io.stateapi.client.exceptions.SubscriptionConflictException when the name is in use, or the tenant has 100
     * @throws io.stateapi.client.exceptions.NamespaceNotFoundException when your tenant has no such namespace
     */
    public Subscription create(String name) {
        return create(name, SubscriptionOptions.defaults());
    }

    public Subscription create(String name, SubscriptionOptions options) {
        return Blocking.await(operations.create(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(options, "options")));
    }

    /** {@code create("billing", o -> o.prefix("orders/").types("created", "updated").includeValues(false))}. */
    public Subscription create(String name, Consumer<SubscriptionOptions.Builder> options) {
        return create(name, SubscriptionOptions.from(options));
    }

    /** The namespace's subscriptions, in name order (without backlog figures). */
    public List<Subscription> list() {
        return Blocking.await(operations.list());
    }

    /**
     * The subscription with its backlog, the age of its oldest message and its dead-letter depth.
     *
     * @throws io.stateapi.client.exceptions.SubscriptionNotFoundException when there is no such subscription
     */
    public Subscription describe(String name) {
        return Blocking.await(operations.describe(Objects.requireNonNull(name, "name")));
    }

    /** Deletes the subscription with its queues (and any messages in them); nothing when it is not there. */
    public void delete(String name) {
        Blocking.await(operations.delete(Objects.requireNonNull(name, "name")));
    }
}
