package io.stateapi.domain.watch;

import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.tenancy.TenantNamespace;

/**
 * The read side of a namespace's change feed (ADR 0037): the change log in the order the fan-out
 * recorded its changes. Eventually consistent; {@link WatchService} reads only positions older
 * than its settle window, where nothing new can appear any more.
 */
public interface ChangeFeed {

    /**
     * Up to {@code limit} changes of keys starting with {@code prefix}, strictly after
     * {@code after} and recorded at or before {@code until} (epoch millis), in feed order.
     */
    FeedPage read(TenantNamespace namespace, KeyPrefix prefix, FeedPosition after, long until, int limit);
}
