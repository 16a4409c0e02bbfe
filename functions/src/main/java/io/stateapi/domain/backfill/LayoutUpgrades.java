package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * A page of the namespace's items after {@code after} in key order, tombstones included (a
     * format backfill rewrites them too, so that the old format can stop being read), strongly
     * consistent, with each item's version and format. Reads keys and numbers only.
     */
    Page page(TenantNamespace namespace, Optional<Key> after, int limit);

    /** One item as a page lists it: {@code format} is its {@code itemFormat} (1 when absent). */
    record Listed(Key key, Version version, int format) {
        public Listed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(version, "version");
        }
    }

    /** @param resumeAfter where the next page starts after; empty at the namespace's end */
    record Page(List<Listed> items, Optional<Key> resumeAfter) {
        public Page {
            items = List.copyOf(items);
            Objects.requireNonNull(resumeAfter, "resumeAfter");
        }
    }
}
