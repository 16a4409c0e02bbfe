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
import java.time.Instant;
import java.util.List;
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

/**
 * The api function's IAM grant on the table is exactly {@link Permissions#API_TABLE_ACTIONS}.
 * This drives the real DynamoDB adapter through every kind of read and write against the
 * emulator and records which DynamoDB operations it calls: a new operation in the adapter
 * without a matching grant would fail here, not with AccessDenied in production.
 */
class TablePermissionsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("perms");
    private static final Set<String> CALLED = new ConcurrentSkipListSet<>();

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
        StateStore store = DynamoDbStateStore.of(client, RESOURCES);
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
