package io.stateapi.domain;

/**
 * What one housekeeping run did for the namespace purges.
 *
 * @param keysPurged state items holding a value that were removed
 * @param finished   purges that finished in this run
 * @param running    purges still running after it
 */
public record PurgeReport(long keysPurged, int finished, int running) {
}
