package io.stateapi.domain.backfill;

import java.util.Locale;

/** Where a backfill is (ADR 0058). */
public enum BackfillState {
    /** Started, and worked on by the housekeeping runs (from its {@code notBefore} on). */
    RUNNING,
    /** Every segment reached its end. */
    DONE,
    /** Stopped before its end: by an admin, because a newer schema version became active, or the namespace went. */
    CANCELLED;

    /** As the API shows it and the catalog stores it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BackfillState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
