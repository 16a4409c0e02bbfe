package io.stateapi.domain.backfill;

import io.stateapi.domain.exceptions.InvalidRequestException;

/**
 * How a backfill is asked to run (ADR 0058).
 *
 * @param dryRun         upgrade nothing: report what would be upgraded and what would fail
 * @param segments       how many key ranges of the namespace are worked on in parallel
 * @param itemsPerSecond the most items it reads per second, all segments together: its share of
 *                       the table's capacity (each upgrade is one write of the value's size)
 */
public record BackfillRequest(boolean dryRun, int segments, int itemsPerSecond) {

    public static final int MAX_SEGMENTS = 16;
    public static final int DEFAULT_SEGMENTS = 4;
    public static final int MAX_ITEMS_PER_SECOND = 1000;
    public static final int DEFAULT_ITEMS_PER_SECOND = 100;

    public BackfillRequest {
        if (segments < 1 || segments > MAX_SEGMENTS) {
            throw new InvalidRequestException("segments must be a whole number from 1 to " + MAX_SEGMENTS);
        }
        if (itemsPerSecond < 1 || itemsPerSecond > MAX_ITEMS_PER_SECOND) {
            throw new InvalidRequestException("itemsPerSecond must be a whole number from 1 to " + MAX_ITEMS_PER_SECOND);
        }
    }
}
