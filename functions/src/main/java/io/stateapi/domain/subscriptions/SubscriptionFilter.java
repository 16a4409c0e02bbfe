package io.stateapi.domain.subscriptions;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which of its namespace's changes a subscription receives, and how (ADR 0038): keys starting
 * with {@code prefix} (all keys when empty), changes of {@code types} (all when empty), with
 * values as the namespace's settings allow or never.
 */
public record SubscriptionFilter(Optional<String> prefix, Set<EventType> types, boolean includeValues) {

    public SubscriptionFilter {
        Objects.requireNonNull(prefix, "prefix");
        types = types.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(types));
    }

    /** Every change of the namespace, with values. */
    public static SubscriptionFilter everything() {
        return new SubscriptionFilter(Optional.empty(), Set.of(), true);
    }
}
