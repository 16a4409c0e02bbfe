package io.stateapi.domain.backfill;

import java.util.List;
import java.util.function.Function;

/**
 * What one housekeeping run did for the backfills.
 *
 * @param upgraded items written at the active version (none in dry runs)
 * @param failed   items the migration failed on (none in dry runs: they report them, nothing failed)
 * @param finished backfills that ended in this run (done or cancelled)
 * @param running  backfills still running after it
 */
public record BackfillReport(long upgraded, long failed, int finished, int running) {

    /** A run that did nothing. */
    public static final BackfillReport NONE = new BackfillReport(0, 0, 0, 0);
    /** One backfill still running after the run (not due yet, out of budget, or not done). */
    static final BackfillReport STILL_RUNNING = new BackfillReport(0, 0, 0, 1);

    /** Both runs' counts together. */
    public BackfillReport plus(BackfillReport other) {
        return new BackfillReport(upgraded + other.upgraded, failed + other.failed, finished + other.finished,
                running + other.running);
    }

    /**
     * Every backfill advanced in turn: one that fails does not keep the others from theirs and
     * counts as still running; the first failure is thrown once all had their turn, the others
     * suppressed in it.
     */
    static BackfillReport ofEach(List<Backfill> backfills, Function<Backfill, BackfillReport> advance) {
        BackfillReport report = NONE;
        RuntimeException first = null;
        for (Backfill backfill : backfills) {
            try {
                report = report.plus(advance.apply(backfill));
            } catch (RuntimeException e) {
                report = report.plus(STILL_RUNNING);
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return report;
    }
}
