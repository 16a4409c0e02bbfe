package io.stateapi.domain.history;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The change log in memory: what the fan-out records, as {@code DynamoDbChangeLog} keeps it. */
final class InMemoryKeyHistory implements KeyHistory, ChangeLog {

    private static final Comparator<HistoryPosition> ORDER = Comparator
            .comparing(HistoryPosition::version).thenComparing(HistoryPosition::expiry);

    private final Map<String, NavigableMap<HistoryPosition, HistoryEntry>> logs = new ConcurrentHashMap<>();
    /** Run before each read of one version: a test's concurrent writer. */
    Runnable beforeVersionRead = () -> { };

    private NavigableMap<HistoryPosition, HistoryEntry> log(TenantNamespace namespace, Key key) {
        return logs.computeIfAbsent(namespace + "\u0000" + key.value(), k -> new TreeMap<>(ORDER));
    }

    @Override
    public synchronized boolean append(TenantNamespace namespace, Key key, HistoryEntry entry, String changeId,
                                       Instant feedAt, Instant expiresAt) {
        return log(namespace, key).putIfAbsent(entry.position(), entry) == null;
    }

    /** Forgets a key's changes older than {@code version}, as the retention would. */
    synchronized void forgetBefore(TenantNamespace namespace, Key key, Version version) {
        log(namespace, key).headMap(new HistoryPosition(version, false), false).clear();
    }

    @Override
    public synchronized HistoryPage changes(TenantNamespace namespace, Key key, Optional<HistoryPosition> before,
                                            int limit) {
        NavigableMap<HistoryPosition, HistoryEntry> older = before.map(p -> log(namespace, key).headMap(p, false))
                .orElse(log(namespace, key)).descendingMap();
        List<HistoryEntry> page = new ArrayList<>(older.values().stream().limit(limit).toList());
        boolean more = older.size() > limit;
        return new HistoryPage(page, more ? Optional.of(page.getLast().position()) : Optional.empty());
    }

    @Override
    public Optional<HistoryEntry> version(TenantNamespace namespace, Key key, Version version) {
        beforeVersionRead.run();
        synchronized (this) {
            return Optional.ofNullable(log(namespace, key).get(new HistoryPosition(version, false)));
        }
    }

    @Override
    public synchronized Optional<Version> oldestVersion(TenantNamespace namespace, Key key) {
        return log(namespace, key).isEmpty() ? Optional.empty()
                : Optional.of(log(namespace, key).firstKey().version());
    }
}
