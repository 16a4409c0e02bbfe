package io.stateapi.events;

import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.history.ChangeLog;
import io.stateapi.domain.history.HistoryEntry;
import io.stateapi.domain.history.HistoryService;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Records each change the fan-out processes in the change log (ADR 0036), kept for its
 * namespace's {@code changeRetentionDays}: the history behind {@code GET .../versions}.
 *
 * <p>A change that cannot be recorded now fails its stream record like a failed publish: the
 * record is retried from there, so nothing the stream acknowledged is missing from the log. The
 * log's conditional put makes the retry write nothing twice. The retention comes from the
 * catalog through the fan-out's settings cache (ADR 0025): a namespace the catalog does not
 * have (deleted, purged) gets the default, a catalog item that cannot be read gets the default
 * and a warning, and a catalog that cannot be read now fails the record for a retry.
 */
final class ChangeHistory {

    private final ChangeLog log;
    private final NamespaceSettingsCache settings;
    private final Consumer<String> warnings;
    private final Clock clock;

    ChangeHistory(ChangeLog log, NamespaceSettingsCache settings, Consumer<String> warnings, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** Records for one batch: each namespace's settings looked up once. */
    Recorder forBatch() {
        return new Recorder();
    }

    final class Recorder {

        private final Map<TenantNamespace, NamespaceSettings> known = new HashMap<>();

        private Recorder() {
        }

        /**
         * Records the changes of one stream record.
         *
         * @throws RuntimeException when a change cannot be recorded now (the record is retried)
         */
        void record(StreamRecordMapper.Changes changes) {
            for (ChangeEvent change : changes.events()) {
                HistoryEntry entry = entry(change);
                NamespaceSettings namespaceSettings = settingsOf(change.namespace());
                // Read last, just before the put: the watch's settle window starts here (ADR 0037).
                Instant feedAt = clock.instant();
                // Kept for the retention from when it entered the feed (not from the commit), so a
                // watch cursor younger than the retention finds every change after it (ADR 0037).
                Instant since = feedAt.isAfter(entry.committedAt()) ? feedAt : entry.committedAt();
                log.append(change.namespace(), change.key(), entry, change.id(), feedAt,
                        HistoryService.forgetAfter(since, namespaceSettings));
            }
        }

        private NamespaceSettings settingsOf(TenantNamespace namespace) {
            NamespaceSettings found = known.get(namespace);
            if (found == null) {
                found = lookUp(namespace);
                known.put(namespace, found);
            }
            return found;
        }
    }

    private NamespaceSettings lookUp(TenantNamespace namespace) {
        try {
            Optional<NamespaceInfo> info = settings.find(namespace);
            return info.map(NamespaceInfo::settings).orElse(NamespaceSettings.DEFAULTS);
        } catch (UnreadableStateException e) {
            warnings.accept("fan-out: the catalog item of namespace " + namespace + " cannot be read, so its changes"
                    + " are kept for the default retention until it is repaired: " + e.getMessage());
            return NamespaceSettings.DEFAULTS;
        }
    }

    /** The history entry of a change event: the value as committed, or for an expiry the value that expired. */
    static HistoryEntry entry(ChangeEvent change) {
        return switch (change.type()) {
            case CREATED -> new HistoryEntry(change.version(), HistoryEntry.Change.CREATED, change.time(), change.value(),
                    change.schemaVersion());
            case UPDATED -> new HistoryEntry(change.version(), HistoryEntry.Change.UPDATED, change.time(), change.value(),
                    change.schemaVersion());
            case DELETED -> new HistoryEntry(change.version(), HistoryEntry.Change.DELETED, change.time(), Optional.empty());
            case EXPIRED -> new HistoryEntry(change.version(), HistoryEntry.Change.EXPIRED, change.time(),
                    change.previousValue(), change.schemaVersion());
        };
    }
}
