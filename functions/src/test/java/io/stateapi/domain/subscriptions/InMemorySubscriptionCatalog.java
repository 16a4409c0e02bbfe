package io.stateapi.domain.subscriptions;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link SubscriptionCatalog} in memory, for the domain's tests. */
final class InMemorySubscriptionCatalog implements SubscriptionCatalog {

    private final Map<String, Subscription> items = new TreeMap<>();

    private static String key(TenantNamespace namespace, String name) {
        return namespace.tenant().value() + "#" + namespace.name() + "#" + name;
    }

    @Override
    public synchronized Optional<Subscription> find(TenantNamespace namespace, String name) {
        return Optional.ofNullable(items.get(key(namespace, name)));
    }

    @Override
    public synchronized List<Subscription> list(TenantNamespace namespace) {
        return new ArrayList<>(items.values().stream().filter(s -> s.namespace().equals(namespace)).toList());
    }

    @Override
    public synchronized int count(TenantId tenant) {
        return (int) items.values().stream().filter(s -> s.namespace().tenant().equals(tenant)).count();
    }

    @Override
    public synchronized boolean insert(Subscription subscription) {
        return items.putIfAbsent(key(subscription.namespace(), subscription.name()), subscription) == null;
    }

    @Override
    public synchronized void update(Subscription subscription) {
        items.put(key(subscription.namespace(), subscription.name()), subscription);
    }

    @Override
    public synchronized void delete(TenantNamespace namespace, String name) {
        items.remove(key(namespace, name));
    }

    synchronized int size() {
        return items.size();
    }
}
