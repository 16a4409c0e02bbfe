package io.stateapi.domain.history;

import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.List;
import java.util.Optional;

/**
 * A page of a key's history as the API returns it, newest first.
 *
 * @param nextCursor the signed cursor of the next page, when there may be one
 */
public record VersionsPage(TenantNamespace namespace, Key key, List<HistoryEntry> entries, Optional<String> nextCursor) {

    public VersionsPage {
        entries = List.copyOf(entries);
    }
}
