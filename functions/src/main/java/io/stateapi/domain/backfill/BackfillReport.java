package io.stateapi.domain.backfill;

/**
 * What one housekeeping run did for the backfills.
 *
 * @param upgraded items written at the active version (none in dry runs)
 * @param failed   items the migration failed on (none in dry runs: they report them, nothing failed)
 * @param finished backfills that ended in this run (done or cancelled)
 * @param running  backfills still running after it
 */
public record BackfillReport(long upgraded, long failed, int finished, int running) {
}
