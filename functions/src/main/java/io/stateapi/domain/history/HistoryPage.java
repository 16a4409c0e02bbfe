package io.stateapi.domain.history;

import java.util.List;
import java.util.Optional;

/**
 * One page of a key's history, newest first.
 *
 * @param entries    the changes of the page
 * @param resumeFrom the last change read, when there may be older ones; the next page starts
 *                   strictly before it
 */
public record HistoryPage(List<HistoryEntry> entries, Optional<HistoryPosition> resumeFrom) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
