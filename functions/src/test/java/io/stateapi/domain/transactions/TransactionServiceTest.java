package io.stateapi.domain.transactions;

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
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.exceptions.TransactionConflictException;
import io.stateapi.domain.exceptions.TransactionConflictException.OperationConflict;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Transactions in the domain: access first, namespace settings applied, limits up front, all or nothing. */
class TransactionServiceTest {

    private static final Caller WRITER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller READER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.all());
    private static final Namespace ACCOUNTS = Namespace.of("accounts");
    private static final TenantNamespace ACME_ACCOUNTS = TenantNamespace.of("acme", "accounts");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
    private final NamespaceSettingsCache cache = new NamespaceSettingsCache(catalog, clock);
    private final TransactionService service = new TransactionService(store, new WriteTargets(store, cache, clock), clock);

    private static TransactionOperation put(String key, String json, Precondition precondition) {
        return new TransactionOperation.Put(ACCOUNTS, Key.of(key), new JsonDocument(json), null, precondition);
    }

    private TransactionResult commit(Caller caller, TransactionOperation... operations) {
        return service.commit(caller, Transaction.of(List.of(operations)), Optional.empty());
    }

    private Optional<StateRecord> stored(String key) {
        return store.get(ACME_ACCOUNTS, Key.of(key), ReadConsistency.STRONG, clock.instant());
    }

    @Test
    void aTransactionCommitsEveryOperationAndReportsEachVersion() {
        commit(WRITER, put("a", "1", Precondition.NONE), put("gone", "0", Precondition.NONE));

        TransactionResult result = commit(WRITER,
                put("a", "2", Precondition.ifVersion(Version.FIRST)),
                put("b", "3", Precondition.IF_ABSENT),
                new TransactionOperation.Delete(ACCOUNTS, Key.of("gone"), Precondition.NONE),
                new TransactionOperation.Check(ACCOUNTS, Key.of("never"), Precondition.IF_ABSENT));

        assertThat(result.operations()).extracting(r -> r.currentVersion().map(Version::value).orElse(null))
                .containsExactly(2L, 1L, 2L, null);
        assertThat(stored("a").orElseThrow().value().json()).isEqualTo("2");
        assertThat(stored("gone")).isEmpty();
    }

    @Test
    void aFailedConditionWritesNothingAndReportsEveryOperation() {
        commit(WRITER, put("a", "1", Precondition.NONE));

        assertThatThrownBy(() -> commit(WRITER, put("b", "1", Precondition.NONE),
                put("a", "2", Precondition.ifVersion(Version.of(5)))))
                .isInstanceOfSatisfying(TransactionConflictException.class, e -> assertThat(e.operations()).containsExactly(
                        new OperationConflict(0, ACCOUNTS, Key.of("b"), false, null),
                        new OperationConflict(1, ACCOUNTS, Key.of("a"), true, Version.FIRST)));
        assertThat(stored("b")).isEmpty();
        assertThat(stored("a").orElseThrow().version()).isEqualTo(Version.FIRST);
    }

    @Test
    void aPutWithoutTheWriteScopeIsForbiddenBeforeAnythingIsRead() {
        assertThatThrownBy(() -> commit(READER, new TransactionOperation.Check(ACCOUNTS, Key.of("a"), Precondition.IF_ABSENT),
                put("b", "1", Precondition.NONE))).isInstanceOf(ForbiddenException.class);
        assertThat(catalog.finds()).isZero();
    }

    @Test
    void aCheckOnlyTransactionNeedsOnlyTheReadScope() {
        TransactionResult result = commit(READER,
                new TransactionOperation.Check(ACCOUNTS, Key.of("a"), Precondition.IF_ABSENT));

        assertThat(result.operations().getFirst().currentVersion()).isEmpty();
    }

    @Test
    void putsApplyTheirNamespacesSettings() {
        catalog.putSettings(ACME_ACCOUNTS, new NamespaceSettings(Optional.of(new TimeToLive(60)), 16, false),
                clock.instant());

        assertThatThrownBy(() -> commit(WRITER, put("big", "\"0123456789abcdef\"", Precondition.NONE)))
                .isInstanceOf(PayloadTooLargeException.class);
        commit(WRITER, put("small", "1", Precondition.NONE));
        assertThat(stored("small").orElseThrow().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(60)));
    }

    @Test
    void theFirstPutCreatesItsNamespace() {
        commit(WRITER, put("a", "1", Precondition.NONE));

        assertThat(catalog.find(ACME_ACCOUNTS)).isPresent();
    }

    @Test
    void twoOperationsOnOneKeyAreRefusedNamingBothIndexes() {
        assertThatThrownBy(() -> Transaction.of(List.of(put("x", "1", Precondition.NONE), put("a", "1", Precondition.NONE),
                new TransactionOperation.Check(ACCOUNTS, Key.of("a"), Precondition.IF_PRESENT))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("operations 1 and 2");
    }

    @Test
    void moreThanAHundredOperationsAreRefusedAndNinetyNineWithAnIdempotencyKey() {
        List<TransactionOperation> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(put("k" + i, "1", Precondition.NONE));
        }
        List<TransactionOperation> tooMany = new ArrayList<>(hundred);
        tooMany.add(put("k100", "1", Precondition.NONE));

        assertThatThrownBy(() -> Transaction.of(tooMany)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at most 100");
        assertThatThrownBy(() -> service.commit(WRITER, Transaction.of(hundred), Optional.of(IdempotencyKey.of("k"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most 99");
        assertThat(stored("k0")).isEmpty();
        assertThat(commit(WRITER, hundred.toArray(TransactionOperation[]::new)).operations()).hasSize(100);
    }

    @Test
    void aTransactionLargerThanDynamoDbTakesIsRefusedUpFront() {
        String value = "\"" + String.join("", Collections.nCopies(300 * 1024, "x")) + "\"";
        List<TransactionOperation> operations = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            operations.add(put("k" + i, value, Precondition.NONE));
        }

        assertThatThrownBy(() -> Transaction.of(operations)).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void theFingerprintNamesTheWholeTransaction() {
        Transaction one = Transaction.of(List.of(put("a", "1", Precondition.NONE), put("b", "2", Precondition.NONE)));
        Transaction same = Transaction.of(List.of(put("a", "1", Precondition.NONE), put("b", "2", Precondition.NONE)));
        Transaction swapped = Transaction.of(List.of(put("b", "2", Precondition.NONE), put("a", "1", Precondition.NONE)));

        assertThat(one.fingerprint()).isEqualTo(same.fingerprint()).isNotEqualTo(swapped.fingerprint());
    }
}
