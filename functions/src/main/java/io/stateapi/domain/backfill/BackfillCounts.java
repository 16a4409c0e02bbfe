package io.stateapi.domain.backfill;

/**
 * What a backfill (or one of its segments) did so far. Every live item it reached is counted once
 * in {@code scanned} and in exactly one of the other three.
 *
 * @param upgraded       written at the active version by the backfill (a dry run: would have been)
 * @param alreadyCurrent at the active version when reached, or changed by a writer before the
 *                       backfill's write (rewritten at the active version, or deleted): a user's write wins
 * @param failed         left as they are: the migration failed on them, or they could not be written
 */
public record BackfillCounts(long scanned, long upgraded, long alreadyCurrent, long failed) {

    public static final BackfillCounts NONE = new BackfillCounts(0, 0, 0, 0);

    public BackfillCounts plus(BackfillCounts other) {
        return new BackfillCounts(scanned + other.scanned, upgraded + other.upgraded,
                alreadyCurrent + other.alreadyCurrent, failed + other.failed);
    }

    BackfillCounts count(ItemUpgrade.Outcome outcome) {
        return switch (outcome) {
            case ItemUpgrade.Outcome.Upgraded ignored -> new BackfillCounts(scanned + 1, upgraded + 1, alreadyCurrent, failed);
            case ItemUpgrade.Outcome.Current ignored -> new BackfillCounts(scanned + 1, upgraded, alreadyCurrent + 1, failed);
            case ItemUpgrade.Outcome.Failed ignored -> new BackfillCounts(scanned + 1, upgraded, alreadyCurrent, failed + 1);
        };
    }
}
