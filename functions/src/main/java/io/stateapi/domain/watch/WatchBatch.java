package io.stateapi.domain.watch;

import io.stateapi.domain.Key;
import io.stateapi.domain.history.HistoryEntry;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.List;
import java.util.Objects;

/**
 * What one watch call answers: the settled changes after the caller's cursor, each with the
 * cursor that resumes right after it (a Server-Sent Event's id), the pending changes when they
 * were asked for (ADR 0060: above the settle horizon, at least once, each to come again
 * settled), and the cursor after the whole batch.
 */
public record WatchBatch(TenantNamespace namespace, List<Change> changes, List<Change> pending, String cursor) {

    public WatchBatch {
        changes = List.copyOf(changes);
        pending = List.copyOf(pending);
        Objects.requireNonNull(cursor, "cursor");
    }

    /** One change and the cursor right after it. */
    public record Change(Key key, HistoryEntry change, String cursor) {
    }
}
