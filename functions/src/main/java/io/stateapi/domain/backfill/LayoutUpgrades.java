package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.TenantNamespace;

/**
 * Rewrites one item into a newer layout of the service's own (its {@code itemFormat}, ADR 0062).
 * A layout rewrite is not a change of the key: the value, version, timestamps, write token and
 * schema version stay, so no change event is sent and no history entry is added. Only the store
 * adapter knows what a format lays out where.
 */
public interface LayoutUpgrades {

    /** What became of one item. */
    enum Outcome {
        /** Rewritten into the format asked for. */
        REWRITTEN,
        /** Already at that format or a newer one: nothing written. */
        CURRENT,
        /**
         * The key is no longer at the version seen (a user write won, or the item is gone); what
         * the writer left is at the writers' format, so the backfill leaves it.
         */
        MOVED
    }

    /**
     * Rewrites the item of {@code key} into {@code toFormat}, on the condition that it is still at
     * {@code seenVersion} and at an older format.
     *
     * @throws IllegalArgumentException when {@code toFormat} is no format this code writes
     */
    Outcome rewrite(TenantNamespace namespace, Key key, Version seenVersion, int toFormat);
}
