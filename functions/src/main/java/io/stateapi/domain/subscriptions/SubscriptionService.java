package io.stateapi.domain.subscriptions;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.SubscriptionConflictException;
import io.stateapi.domain.exceptions.SubscriptionNotFoundException;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Subscriptions as a resource of their tenant's namespace (ADR 0038): create and delete
 * ({@code state:admin}), list and describe ({@code state:read}).
 *
 * <p>Creating and deleting are safe to repeat after a failure at any point. A create first
 * stores the subscription as {@code creating} with its generated id, then makes its queues
 * (named by the id), then stores it {@code active}: a repeated create of the same name and filter
 * finds the {@code creating} one and finishes it with the same id. A delete first stores
 * {@code deleting}, removes whatever of the queues exists, then forgets the subscription: a
 * repeated delete finishes it, and one of a subscription that is gone answers as a success.
 */
public final class SubscriptionService {

    /**
     * Subscriptions per tenant, in all its namespaces: SNS allows 100 subscriptions per FIFO
     * topic, and a tenant's subscriptions share its two topics in any split, so at most 100 in
     * all keeps either topic within its quota (ADR 0038).
     */
    public static final int MAX_PER_TENANT = 100;

    private final SubscriptionCatalog catalog;
    private final SubscriptionChannels channels;
    private final NamespaceCatalog namespaces;
    private final Supplier<String> ids;
    private final Clock clock;

    /** @param ids new subscription ids ({@code SubscriptionIds}: random, lower case, 16 characters) */
    public SubscriptionService(SubscriptionCatalog catalog, SubscriptionChannels channels, NamespaceCatalog namespaces,
                               Supplier<String> ids, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the subscription, or finishes the creation of the same one that stopped halfway.
     *
     * @throws NamespaceNotFoundException    when the caller's tenant has no such namespace
     * @throws SubscriptionConflictException when the name is taken by another subscription, or the tenant has
     *                                       {@link #MAX_PER_TENANT}; nothing is changed
     */
    public Subscription create(Caller caller, Namespace name, SubscriptionRequest request) {
        TenantNamespace namespace = requireNamespace(caller, Scope.ADMIN, name);
        Optional<Subscription> existing = catalog.find(namespace, request.name());
        if (existing.isEmpty()) {
            if (catalog.count(namespace.tenant()) >= MAX_PER_TENANT) {
                throw new SubscriptionConflictException("the tenant has " + MAX_PER_TENANT
                        + " subscriptions, as many as it may have; delete one first");
            }
            Subscription creating = new Subscription(namespace, request.name(), ids.get(), request.filter(),
                    SubscriptionStatus.CREATING, clock.instant(), Optional.empty());
            if (catalog.insert(creating)) {
                return finish(creating);
            }
            existing = catalog.find(namespace, request.name());
        }
        Subscription found = existing.orElseThrow(() -> new SubscriptionConflictException(
                "subscription '" + request.name() + "' was created and deleted meanwhile; ask again"));
        if (found.status() == SubscriptionStatus.CREATING && found.filter().equals(request.filter())) {
            return finish(found);
        }
        throw new SubscriptionConflictException("namespace '" + name.value() + "' already has a subscription '"
                + request.name() + "'" + (found.status() == SubscriptionStatus.DELETING ? " being deleted" : ""));
    }

    /** The namespace's subscriptions, in name order. */
    public List<Subscription> list(Caller caller, Namespace name) {
        return catalog.list(requireNamespace(caller, Scope.READ, name));
    }

    /**
     * The subscription with its backlog (empty unless it is {@code active}).
     *
     * @throws SubscriptionNotFoundException when there is no such subscription
     */
    public Described describe(Caller caller, Namespace name, String subscription) {
        SubscriptionRequest.requireName(subscription);
        TenantNamespace namespace = requireNamespace(caller, Scope.READ, name);
        Subscription found = catalog.find(namespace, subscription)
                .orElseThrow(() -> new SubscriptionNotFoundException(name, subscription));
        return new Described(found, found.status() == SubscriptionStatus.ACTIVE
                ? Optional.of(channels.backlog(found)) : Optional.empty());
    }

    /** A subscription and what waits in its queues. */
    public record Described(Subscription subscription, Optional<Backlog> backlog) {
    }

    /**
     * Deletes the subscription, its queues (with the messages in them) and its alarms; nothing when
     * there is no such subscription.
     */
    public void delete(Caller caller, Namespace name, String subscription) {
        SubscriptionRequest.requireName(subscription);
        TenantNamespace namespace = caller.access(Scope.ADMIN, name);
        Optional<Subscription> found = catalog.find(namespace, subscription);
        if (found.isEmpty()) {
            // Gone already (a repeated delete) is a success; a namespace that is not there is the same 404 as elsewhere.
            requireNamespace(caller, Scope.ADMIN, name);
            return;
        }
        Subscription deleting = found.get().withStatus(SubscriptionStatus.DELETING);
        if (found.get().status() != SubscriptionStatus.DELETING) {
            catalog.update(deleting);
        }
        channels.remove(deleting);
        catalog.delete(namespace, subscription);
    }

    private Subscription finish(Subscription creating) {
        Subscription active = creating.active(channels.provision(creating));
        catalog.update(active);
        return active;
    }

    private TenantNamespace requireNamespace(Caller caller, Scope scope, Namespace name) {
        TenantNamespace namespace = caller.access(scope, name);
        if (namespaces.find(namespace).isEmpty()) {
            throw new NamespaceNotFoundException(name);
        }
        return namespace;
    }
}
