package io.stateapi.domain.subscriptions;

import java.util.Locale;

/**
 * Where a subscription's life is. {@code CREATING} is written before any queue is made and
 * {@code DELETING} before any is removed, so a create or delete that stopped halfway is finished
 * by repeating the request (ADR 0038).
 */
public enum SubscriptionStatus {
    CREATING, ACTIVE, DELETING;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
