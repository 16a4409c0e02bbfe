package io.stateapi.domain.subscriptions;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.List;
import java.util.Optional;

/**
 * Where subscriptions are kept (the catalog table; adapter {@code DynamoDbSubscriptionCatalog}).
 * Every read is strongly consistent, so a create, a retry and a delete see each other.
 */
public interface SubscriptionCatalog {

    Optional<Subscription> find(TenantNamespace namespace, String name);

    /** The namespace's subscriptions, in name order. */
    List<Subscription> list(TenantNamespace namespace);

    /** How many subscriptions the tenant has, in all its namespaces and states. */
    int count(TenantId tenant);

    /** Stores a new subscription; false (and nothing changed) when the name is taken in the namespace. */
    boolean insert(Subscription subscription);

    /** Replaces the stored subscription of that namespace and name (its status, its queues). */
    void update(Subscription subscription);

    /** Forgets the subscription; nothing when it is not there. */
    void delete(TenantNamespace namespace, String name);
}
