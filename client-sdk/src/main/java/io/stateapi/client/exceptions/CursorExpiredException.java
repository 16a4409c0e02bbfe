package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * A watch cursor older than the namespace's {@code changeRetentionDays} (HTTP 410, problem type
 * {@code cursor-expired}, ADR 0037): changes after it may be gone from the change log, so no watch
 * can resume from it without a gap. Resynchronise: take a snapshot
 * ({@code namespace.snapshot(prefix)}), replace what you hold with its entries, and watch from it
 * ({@code namespace.watch(snapshot, handler)}). Not transient: the same cursor never works again.
 */
public class CursorExpiredException extends StateApiException {

    public CursorExpiredException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
