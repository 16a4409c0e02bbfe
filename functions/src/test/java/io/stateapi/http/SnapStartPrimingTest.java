package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micronaut.context.ApplicationContext;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.Key;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.resources.FunctionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    /** A store that records reads and fails every one, as an unreachable DynamoDB would. */
    private static final class UnreachableStore implements StateStore {
        final List<String> reads = new ArrayList<>();

        @Override
        public Optional<StateRecord> get(TenantNamespace namespace, Key key, ReadConsistency consistency, Instant now) {
            reads.add(namespace + "/" + key.value());
            throw new StoreUnavailableException("unreachable", Duration.ofSeconds(1), new RuntimeException());
        }

        @Override
        public Map<Key, StateRecord> getAll(TenantNamespace namespace, java.util.Collection<Key> keys,
                                            ReadConsistency consistency, Instant now) {
            throw new AssertionError("priming does not batch-get");
        }

        @Override
        public WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, java.util.OptionalLong schemaVersion, TimeToLive ttl,
                               Precondition precondition, WriteIdentity identity, long versionFloor,
                               Instant now) {
            throw new AssertionError("priming must not write");
        }

        @Override
        public WriteResult increment(TenantNamespace namespace, Key key, long delta, TimeToLive ttlOnCreate,
                                     Precondition precondition, WriteIdentity identity, long versionFloor, Instant now) {
            throw new AssertionError("priming must not write");
        }

        @Override
        public WriteResult changeExpiry(TenantNamespace namespace, Key key, TimeToLive ttl, Precondition precondition,
                                        WriteIdentity identity, Instant now) {
            throw new AssertionError("priming must not write");
        }

        @Override
        public DeleteResult delete(TenantNamespace namespace, Key key, Precondition precondition, WriteIdentity identity,
                                   Instant now) {
            throw new AssertionError("priming must not delete");
        }

        @Override
        public io.stateapi.domain.transactions.TransactionResult transact(io.stateapi.domain.tenancy.TenantId tenant,
                List<io.stateapi.domain.transactions.PreparedOperation> operations, WriteIdentity identity,
                Instant now) {
            throw new AssertionError("priming must not write");
        }

        @Override
        public io.stateapi.domain.listing.KeyPage list(TenantNamespace namespace,
                                                        io.stateapi.domain.listing.KeyQuery query,
                                                        ReadConsistency consistency, Instant now) {
            throw new AssertionError("priming must not list");
        }
    }

    @Test
    void primingReadsThroughTheStoreAndNeverFailsTheSnapshot() {
        UnreachableStore store = new UnreachableStore();
        SnapStartPriming priming = new SnapStartPriming(store, Clock.systemUTC());

        assertThatCode(() -> priming.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(store.reads).containsExactly("snapstart-priming/snapstart-priming/priming");
    }

    @Test
    void primingExistsOnlyWhileLambdaInitializesForASnapshot() {
        if (System.getProperty("aws.region") == null && System.getenv("AWS_REGION") == null) {
            System.setProperty("aws.region", "us-east-1"); // the DynamoDB client is built, never called
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(FunctionProperties.TABLE_NAME, "t"))) {
            assertThat(context.containsBean(SnapStartPriming.class)).isFalse();
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                FunctionProperties.TABLE_NAME, "t", FunctionProperties.IDEMPOTENCY_TABLE_NAME, "i",
                "aws.lambda.initialization-type", "snap-start"))) {
            assertThat(context.getBean(SnapStartPriming.class)).isNotNull();
        }
    }
}
