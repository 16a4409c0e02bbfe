package io.stateapi.domain.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leak rule of ADR 0051: a conflict shows the current state only to a caller that may read it. */
class VersionConflictExceptionTest {

    private static final StateRecord CURRENT = new StateRecord(TenantNamespace.of("acme", "carts"), Key.of("k"),
            new JsonDocument("{\"secret\":1}"), Version.of(4), Instant.EPOCH, Instant.EPOCH, null);

    private static Caller caller(Scope... scopes) {
        return Caller.of(TenantId.of("acme"), Set.of(scopes), NamespaceGrants.all());
    }

    @Test
    void aConflictNoOperationClearedShowsNoState() {
        VersionConflictException conflict = VersionConflictException.withState("stale", Optional.of(CURRENT));

        assertThat(conflict.stateShown()).isFalse();
        assertThat(conflict.currentVersion()).contains(Version.of(4));
    }

    @Test
    void aReaderIsShownTheCurrentRecord() {
        VersionConflictException shown = VersionConflictException.withState("stale", Optional.of(CURRENT))
                .shownTo(caller(Scope.READ, Scope.WRITE));

        assertThat(shown.stateShown()).isTrue();
        assertThat(shown.current()).contains(CURRENT);
        assertThat(shown.currentVersion()).contains(Version.of(4));
    }

    @Test
    void anAdminReadsAndIsShownTheRecordToo() {
        assertThat(VersionConflictException.withState("stale", Optional.of(CURRENT)).shownTo(caller(Scope.ADMIN))
                .stateShown()).isTrue();
    }

    @Test
    void aWriteOnlyCallerIsToldTheVersionAlone() {
        VersionConflictException shown = VersionConflictException.withState("stale", Optional.of(CURRENT))
                .shownTo(caller(Scope.WRITE));

        assertThat(shown.stateShown()).isFalse();
        assertThat(shown.current()).isEmpty();
        assertThat(shown.currentVersion()).contains(Version.of(4));
        assertThat(shown.getMessage()).isEqualTo("stale");
    }

    @Test
    void aReaderIsToldPlainlyThatTheKeyHasNoValue() {
        VersionConflictException shown = VersionConflictException.withState("key does not exist", Optional.empty())
                .shownTo(caller(Scope.READ, Scope.WRITE));

        assertThat(shown.stateShown()).isTrue();
        assertThat(shown.current()).isEmpty();
        assertThat(shown.currentVersion()).isEmpty();
    }

    @Test
    void aConflictWithTheVersionOnlyStaysSoForAReader() {
        VersionConflictException shown = new VersionConflictException("stale", Version.of(4))
                .shownTo(caller(Scope.READ, Scope.WRITE));

        assertThat(shown.stateShown()).isFalse();
    }
}
