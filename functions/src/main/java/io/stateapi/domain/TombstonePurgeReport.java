package io.stateapi.domain;

/**
 * What one tombstone purge did.
 *
 * @param purged        tombstones removed
 * @param floorsRaised  namespace version floors raised (their tombstones go in a later run)
 * @param finished      whether every tombstone old enough was removed
 */
public record TombstonePurgeReport(long purged, int floorsRaised, boolean finished) {
}
