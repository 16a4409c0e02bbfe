package io.stateapi.client;

import static io.stateapi.client.support.FaultProxy.Fault.RESET_AFTER_FORWARDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.IdempotencyKeyReusedException;
import io.stateapi.client.exceptions.InvalidRequestException;
import io.stateapi.client.exceptions.TransactionConflictException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's transactions against the real local stack (ADR 0028). */
class TransactionsTest {

    record Balance(long amount) {
    }

    private FaultProxy proxy;
    private StateClient client;
    private StateNamespace accounts;
    private StateNamespace audit;

    @BeforeEach
    void start() {
        proxy = FaultProxy.start(TestStack.get().apiEndpoint());
        client = TestStack.get().client(proxy.endpoint()).build();
        accounts = client.namespace(TestStack.uniqueNamespace("txn-accounts"));
        audit = client.namespace(TestStack.uniqueNamespace("txn-audit"));
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
    }

    @Test
    void aTransferCommitsBothBalancesAndTheVersionsAreTheNextConditions() {
        Versioned<Balance> alice = accounts.create("alice", new Balance(100));
        Versioned<Balance> bob = accounts.create("bob", new Balance(0));

        TransactionResult result = client.transaction()
                .put(accounts.name(), "alice", new Balance(90), IfVersion.of(alice.version()))
                .put(accounts.name(), "bob", new Balance(10), IfVersion.of(bob.version()))
                .putIfAbsent(audit.name(), "t-1", "alice->bob 10")
                .checkAbsent(accounts.name(), "carol")
                .commit();

        assertThat(result.operations()).extracting(TransactionResult.Operation::version).containsExactly(
                OptionalLong.of(2), OptionalLong.of(2), OptionalLong.of(1), OptionalLong.empty());
        assertThat(result.replayed()).isFalse();
        assertThat(accounts.get("alice", Balance.class).value()).isEqualTo(new Balance(90));
        assertThat(accounts.put("alice", new Balance(80), IfVersion.of(result.version(0).getAsLong())).version())
                .isEqualTo(3);
    }

    @Test
    void aFailedConditionThrowsWithEveryOperationsOutcomeAndWritesNothing() {
        accounts.create("alice", new Balance(100));
        accounts.put("alice", new Balance(100));

        assertThatThrownBy(() -> client.transaction()
                .put(accounts.name(), "alice", new Balance(0), IfVersion.of(1))
                .put(accounts.name(), "bob", new Balance(100))
                .delete(accounts.name(), "nobody")
                .commit())
                .isInstanceOfSatisfying(TransactionConflictException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.operations()).containsExactly(
                            new TransactionConflictException.OperationOutcome(0, accounts.name(), "alice", true,
                                    OptionalLong.of(2)),
                            new TransactionConflictException.OperationOutcome(1, accounts.name(), "bob", false,
                                    OptionalLong.empty()),
                            new TransactionConflictException.OperationOutcome(2, accounts.name(), "nobody", true,
                                    OptionalLong.empty()));
                    assertThat(e.failed()).extracting(TransactionConflictException.OperationOutcome::index)
                            .containsExactly(0, 2);
                });
        assertThat(accounts.find("bob", Balance.class)).isEmpty();
        assertThat(accounts.get("alice", Balance.class).version()).isEqualTo(2);
    }

    @Test
    void everyTransactionCarriesAnIdempotencyKeySoALostAnswerIsReplayedNotAppliedTwice() {
        accounts.create("alice", new Balance(1));
        proxy.clear();
        proxy.inject(RESET_AFTER_FORWARDING);

        TransactionResult result = client.transaction().put(accounts.name(), "alice", new Balance(2)).commit();

        assertThat(result.version(0)).hasValue(2);
        assertThat(accounts.get("alice", Balance.class).version()).as("applied once").isEqualTo(2);
        List<FaultProxy.Exchange> posts = proxy.exchanges().stream().filter(e -> e.method().equals("POST")).toList();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).header("Idempotency-Key")).isNotNull().isEqualTo(posts.get(1).header("Idempotency-Key"));
        assertThat(posts.get(1).responseHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aKeyOfYoursReplaysTheOutcomeAndRefusesAnotherTransaction() {
        TransactionResult first = client.transaction().idempotencyKey("txn-" + accounts.name())
                .put(accounts.name(), "a", 1).commit();
        TransactionResult again = client.transaction().idempotencyKey("txn-" + accounts.name())
                .put(accounts.name(), "a", 1).commit();

        assertThat(again.replayed()).isTrue();
        assertThat(again.operations()).isEqualTo(first.operations());
        assertThatThrownBy(() -> client.transaction().idempotencyKey("txn-" + accounts.name())
                .put(accounts.name(), "a", 2).commit()).isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void theAsyncCommitCompletesWithTheResultOrTheConflict() {
        accounts.create("a", 1);

        assertThat(client.transaction().check(accounts.name(), "a", IfVersion.exists())
                .put(accounts.name(), "b", 2, o -> o.ttl(Duration.ofHours(1))).commitAsync().join().version(0))
                .hasValue(1);
        assertThatThrownBy(() -> client.transaction().check(accounts.name(), "a", IfVersion.of(7)).commitAsync().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TransactionConflictException.class);
        assertThat(accounts.get("b", Integer.class).expiry()).isPresent();
    }

    @Test
    void twoOperationsOnOneKeyAreRefusedByTheService() {
        assertThatThrownBy(() -> client.transaction().put(accounts.name(), "a", 1)
                .checkAbsent(accounts.name(), "a").commit())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("operations 0 and 1");
    }
}
