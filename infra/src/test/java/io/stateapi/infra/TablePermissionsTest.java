package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.local.LocalAws;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.StateApiResources.Permissions;
import io.stateapi.expiry.ExpirySweepFunction;
import io.stateapi.metrics.EmbeddedMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The functions' IAM grants on the table are exactly what their code calls: the api function's
 * {@link Permissions#API_TABLE_ACTIONS}, the expiry sweeper's
 * {@link Permissions#EXPIRY_SWEEPER_TABLE_ACTIONS} on the table and
 * {@link Permissions#EXPIRY_SWEEPER_INDEX_ACTIONS} on its index. This drives the real code
 * against the emulator and records which DynamoDB operations it calls (and where): a new
 * operation without a matching grant would fail here, not with AccessDenied in production.
 */
class TablePermissionsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("perms");
    private static final Set<String> CALLED = new ConcurrentSkipListSet<>();
    /** What the expiry sweeper called: "dynamodb:Query on index expiry", "dynamodb:UpdateItem on table". */
    private static final Set<String> SWEEPER_CALLED = new ConcurrentSkipListSet<>();

    private static MotoEmulator moto;
    private static DynamoDbClient client;

    @BeforeAll
    static void startEmulator() {
        LocalAws.useEmulatorDefaults();
        moto = MotoEmulator.start(MotoEmulator.venvPython(), 0);
        new ResourceBootstrap(moto.endpoint()).createAll(RESOURCES);
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                CALLED.add("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        client = DynamoDbClients.create(moto.endpoint(), List.of(recorder));
    }

    @Test
    void theExpirySweeperCallsOnlyItsGrantedActionsAndQueriesOnlyTheExpiryIndex() {
        StateStore store = new DynamoDbStateStore(client, RESOURCES.tableName());
        Instant now = Instant.now();
        store.put(Namespace.of("parity"), Key.of("expiring"), new JsonDocument("1"), new TimeToLive(1),
                Precondition.NONE, now.minusSeconds(10));
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String where = context.request() instanceof QueryRequest query
                        ? " on index " + query.indexName() : " on table";
                SWEEPER_CALLED.add("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + where);
            }
        };
        List<String> metrics = new ArrayList<>();
        try (ExpirySweepFunction sweeper = new ExpirySweepFunction(new ExpirySweepFunction.Configuration(
                RESOURCES.environment(), RESOURCES.tableName(), moto.endpoint(), List.of(recorder)),
                new EmbeddedMetrics(RESOURCES.environment(), metrics::add, Clock.systemUTC()), Clock.systemUTC())) {
            assertThat(sweeper.handleRequest(Map.of(), null)).containsEntry("swept", 1);
        }

        Set<String> granted = new HashSet<>();
        Permissions.EXPIRY_SWEEPER_TABLE_ACTIONS.forEach(a -> granted.add(a + " on table"));
        Permissions.EXPIRY_SWEEPER_INDEX_ACTIONS.forEach(a ->
                granted.add(a + " on index " + StateApiResources.Table.EXPIRY_INDEX));
        assertThat(SWEEPER_CALLED).contains("dynamodb:Query on index " + StateApiResources.Table.EXPIRY_INDEX);
        assertThat(granted).containsAll(SWEEPER_CALLED);
    }

    @AfterAll
    static void stopEmulator() {
        if (client != null) {
            client.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theAdapterCallsOnlyTheGrantedTableActions() {
        StateStore store = new DynamoDbStateStore(client, RESOURCES.tableName());
        Namespace ns = Namespace.of("parity");
        Key key = Key.of("a/b");
        Instant now = Instant.now();

        WriteResult created = store.put(ns, key, new JsonDocument("{\"n\":1}"), null, Precondition.IF_ABSENT, now);
        Version v1 = created.record().version();
        store.put(ns, key, new JsonDocument("{\"n\":2}"), new TimeToLive(60), Precondition.ifVersion(v1), now);
        assertThatThrownBy(() -> store.put(ns, key, new JsonDocument("{}"), null, Precondition.ifVersion(v1), now))
                .isInstanceOf(VersionConflictException.class);
        store.put(ns, key, new JsonDocument("{\"n\":3}"), null, Precondition.IF_PRESENT, now);
        store.put(ns, key, new JsonDocument("{\"n\":4}"), null, Precondition.NONE, now);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, now)).isPresent();
        assertThat(store.get(ns, key, ReadConsistency.EVENTUAL, now)).isPresent();
        store.delete(ns, key, Precondition.NONE, now);
        assertThatThrownBy(() -> store.delete(ns, key, Precondition.NONE, now)).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, now)).isEmpty();

        assertThat(CALLED).isNotEmpty();
        assertThat(Permissions.API_TABLE_ACTIONS).containsAll(CALLED);
    }
}
