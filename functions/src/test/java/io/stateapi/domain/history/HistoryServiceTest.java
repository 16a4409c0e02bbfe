package io.stateapi.domain.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.InMemoryStateStore;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateService;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.exceptions.VersionNotFoundException;
import io.stateapi.domain.exceptions.VersionNotRestorableException;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The history service (ADR 0036) on in-memory ports: the change log as the fan-out would have
 * written it after each write (the tests record each change themselves, as the pipeline would).
 */
class HistoryServiceTest {

    private static final Caller ACME = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller ACME_READER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.all());
    private static final Caller GLOBEX = Caller.of(TenantId.of("globex"), Set.of(Scope.READ, Scope.WRITE),
            NamespaceGrants.all());
    private static final Namespace DOCS = Namespace.of("docs");
    private static final TenantNamespace ACME_DOCS = TenantNamespace.of("acme", "docs");
    private static final Key KEY = Key.of("readme");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
    private final WriteTargets targets = new WriteTargets(store, new NamespaceSettingsCache(catalog, clock), clock);
    private final StateService keys = new StateService(store, targets, clock);
    private final InMemoryKeyHistory log = new InMemoryKeyHistory();
    private final HistoryService history = new HistoryService(log, store, targets,
            SignedCursors.fromSecret("test-cursor-key-".repeat(3)), clock);

    /** A write, and its change recorded as the fan-out would record it. */
    private WriteResult write(String json) {
        WriteResult result = keys.put(ACME, DOCS, KEY, new JsonDocument(json), null, Precondition.NONE, Optional.empty());
        record(result.record().version(), result.created() ? HistoryEntry.Change.CREATED : HistoryEntry.Change.UPDATED,
                Optional.of(result.record().value()));
        return result;
    }

    private void delete() {
        Version version = keys.delete(ACME, DOCS, KEY, Precondition.NONE, Optional.empty()).version();
        record(version, HistoryEntry.Change.DELETED, Optional.empty());
    }

    private void record(Version version, HistoryEntry.Change change, Optional<JsonDocument> value) {
        log.append(ACME_DOCS, KEY, new HistoryEntry(version, change, clock.instant(), value), "id-" + version,
                clock.instant(), clock.instant().plusSeconds(86_400));
        clock.advance(java.time.Duration.ofSeconds(1));
    }

    @Test
    void versionsAreListedNewestFirstAcrossPagesWithoutGapOrRepeat() {
        for (int n = 1; n <= 5; n++) {
            write("{\"n\":" + n + "}");
        }

        List<Long> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            VersionsPage page = history.versions(ACME, DOCS, KEY, 2, cursor);
            page.entries().forEach(entry -> seen.add(entry.version().value()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(seen).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void aCursorOfAnotherKeyIsRefused() {
        write("1");
        write("2");
        String cursor = history.versions(ACME, DOCS, KEY, 1, Optional.empty()).nextCursor().orElseThrow();

        assertThatThrownBy(() -> history.versions(ACME, DOCS, Key.of("other"), 1, Optional.of(cursor)))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void theCurrentVersionReadsAtOnceBeforeThePipelineRecordsIt() {
        keys.put(ACME, DOCS, KEY, new JsonDocument("\"fresh\""), null, Precondition.NONE, Optional.empty());

        assertThat(history.version(ACME, DOCS, KEY, Version.of(1)).entry().value())
                .contains(new JsonDocument("\"fresh\""));
    }

    @Test
    void aPastVersionReadsFromTheLog() {
        write("\"a\"");
        write("\"b\"");

        HistoryService.VersionedValue first = history.version(ACME, DOCS, KEY, Version.of(1));

        assertThat(first.entry().value()).contains(new JsonDocument("\"a\""));
        assertThat(first.entry().change()).isEqualTo(HistoryEntry.Change.CREATED);
    }

    @Test
    void aVersionBeyondTheCurrentOneNeverExisted() {
        write("1");

        assertThatThrownBy(() -> history.version(ACME, DOCS, KEY, Version.of(3)))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("never existed");
    }

    @Test
    void aVersionOlderThanTheOldestKeptIsPastTheRetention() {
        for (int n = 1; n <= 4; n++) {
            write(Integer.toString(n));
        }
        log.forgetBefore(ACME_DOCS, KEY, Version.of(3));

        assertThatThrownBy(() -> history.version(ACME, DOCS, KEY, Version.of(1)))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("past the namespace's change retention");
    }

    @Test
    void aDeleteHoldsNoValueToReadOrRestore() {
        write("1");
        delete();
        write("3");

        assertThatThrownBy(() -> history.version(ACME, DOCS, KEY, Version.of(2)))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("was a delete");
        assertThatThrownBy(() -> history.restore(ACME, DOCS, KEY, Version.of(2), Precondition.NONE, Optional.empty()))
                .isInstanceOf(VersionNotRestorableException.class);
        assertThat(current().version()).isEqualTo(Version.of(3));
    }

    @Test
    void aRestoreWritesTheOldValueAsTheNextVersion() {
        write("{\"title\":\"first\"}");
        write("{\"title\":\"second\"}");

        WriteResult restored = history.restore(ACME, DOCS, KEY, Version.of(1), Precondition.NONE, Optional.empty());

        assertThat(restored.record().version()).isEqualTo(Version.of(3));
        assertThat(current().value()).isEqualTo(new JsonDocument("{\"title\":\"first\"}"));
    }

    @Test
    void aRestoreOfADeletedKeyCreatesItAgain() {
        write("\"kept\"");
        delete();

        WriteResult restored = history.restore(ACME, DOCS, KEY, Version.of(1), Precondition.NONE, Optional.empty());

        assertThat(restored.created()).isTrue();
        assertThat(restored.record().version()).isEqualTo(Version.of(3));
    }

    @Test
    void aWriterBetweenTheRestoresReadAndItsWriteMakesItAConflictNotAnOverwrite() {
        write("\"a\"");
        write("\"b\"");
        log.beforeVersionRead = () -> store.put(ACME_DOCS, KEY, new JsonDocument("\"concurrent\""), null,
                Precondition.NONE, clock.instant());

        assertThatThrownBy(() -> history.restore(ACME, DOCS, KEY, Version.of(1), Precondition.NONE, Optional.empty()))
                .isInstanceOf(VersionConflictException.class);
        assertThat(current().value()).isEqualTo(new JsonDocument("\"concurrent\""));
    }

    @Test
    void aRestoreWithAStaleIfMatchIsAConflict() {
        write("\"a\"");
        write("\"b\"");

        assertThatThrownBy(() -> history.restore(ACME, DOCS, KEY, Version.of(1),
                Precondition.ifVersion(Version.of(1)), Optional.empty()))
                .isInstanceOf(VersionConflictException.class);
        assertThat(current().version()).isEqualTo(Version.of(2));
    }

    @Test
    void aReaderMayListButNotRestore() {
        write("\"a\"");

        assertThat(history.versions(ACME_READER, DOCS, KEY, 10, Optional.empty()).entries()).hasSize(1);
        assertThatThrownBy(() -> history.restore(ACME_READER, DOCS, KEY, Version.of(1), Precondition.NONE,
                Optional.empty())).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void anotherTenantCannotSeeTheHistory() {
        write("\"secret\"");

        assertThatThrownBy(() -> history.versions(GLOBEX, DOCS, KEY, 10, Optional.empty()))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> history.version(GLOBEX, DOCS, KEY, Version.of(1)))
                .isInstanceOf(VersionNotFoundException.class);
    }

    private StateRecord current() {
        return store.get(ACME_DOCS, KEY, ReadConsistency.STRONG, clock.instant()).orElseThrow();
    }
}
