package io.stateapi.domain.subscriptions;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription of a tenant's namespace (ADR 0038): its name (the tenant's choice, unique in
 * the namespace), its generated {@code id} (which names its queues and alarms), its filter, and
 * its queues once they are made.
 */
public record Subscription(TenantNamespace namespace, String name, String id, SubscriptionFilter filter,
                           SubscriptionStatus status, Instant createdAt, Optional<SubscriptionQueues> queues) {
    public Subscription {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(queues, "queues");
    }

    public Subscription withStatus(SubscriptionStatus newStatus) {
        return new Subscription(namespace, name, id, filter, newStatus, createdAt, queues);
    }

    public Subscription active(SubscriptionQueues made) {
        return new Subscription(namespace, name, id, filter, SubscriptionStatus.ACTIVE, createdAt, Optional.of(made));
    }
}
