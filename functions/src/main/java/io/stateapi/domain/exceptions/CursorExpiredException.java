package io.stateapi.domain.exceptions;

/**
 * A watch cursor older than its namespace's change retention (ADR 0037): changes after it may be
 * gone from the change log, so resuming could skip some. The caller resynchronises with a snapshot.
 */
public final class CursorExpiredException extends StateApiException {

    public CursorExpiredException(int retentionDays) {
        super("the cursor is older than the namespace's change retention (" + retentionDays + " days), so changes"
                + " after it may be gone; take a snapshot (GET .../changes/snapshot with the same prefix), apply it,"
                + " and continue watching from the snapshot's cursor");
    }
}
