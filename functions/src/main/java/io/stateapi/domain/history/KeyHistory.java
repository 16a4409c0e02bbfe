package io.stateapi.domain.history;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.Optional;

/**
 * The read side of the change log (ADR 0036): a key's past changes, as the change pipeline
 * recorded them. Eventually consistent: a change appears once the fan-out has processed its
 * stream record, and goes after its namespace's retention.
 */
public interface KeyHistory {

    /**
     * Up to {@code limit} changes of the key, newest first, strictly older than {@code before}
     * when it is given.
     */
    HistoryPage changes(TenantNamespace namespace, Key key, Optional<HistoryPosition> before, int limit);

    /** The change that committed {@code version} (created, updated or deleted), if the log holds it. */
    Optional<HistoryEntry> version(TenantNamespace namespace, Key key, Version version);

    /** The oldest version the log still holds for the key: older ones are past the retention. */
    Optional<Version> oldestVersion(TenantNamespace namespace, Key key);
}
