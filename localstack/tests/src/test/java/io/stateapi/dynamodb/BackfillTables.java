package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.SchemaBackfiller;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.schemas.ValueSchema;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.domain.schemas.ValueUpgrader;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.jsonschema.NetworkntSchemaDialect;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Tables of their own for a backfill test (the local stack's schedule never sees them), a
 * namespace with schema versions 1 ({@code {"i": integer}}) and 2 (also {@code "v": 2}), and
 * the parts a housekeeping run is made of, each with a client that may carry fault injection.
 */
final class BackfillTables implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final String V1 = "{\"type\":\"object\",\"required\":[\"i\"],\"properties\":{\"i\":{\"type\":\"integer\"}}}";
    static final String V2 = "{\"type\":\"object\",\"required\":[\"i\",\"v\"],\"properties\":{\"i\":{\"type\":\"integer\"},"
            + "\"v\":{\"const\":2}}}";

    final DynamoDbClient client = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
    final String stateTable;
    final String idempotencyTable;
    final String catalogTable;
    final DynamoDbStateStore store;
    final DynamoDbNamespaceCatalog namespaces;
    final DynamoDbSchemaCatalog schemas;

    BackfillTables() {
        String suffix = UUID.randomUUID().toString();
        stateTable = "backfill-state-" + suffix;
        idempotencyTable = "backfill-idem-" + suffix;
        catalogTable = "backfill-catalog-" + suffix;
        ResourceBootstrap.createTable(client, stateTable);
        ResourceBootstrap.createIdempotencyTable(client, idempotencyTable);
        ResourceBootstrap.createCatalogTable(client, catalogTable);
        store = store(client);
        namespaces = new DynamoDbNamespaceCatalog(client, catalogTable, stateTable);
        schemas = new DynamoDbSchemaCatalog(client, catalogTable);
    }

    DynamoDbStateStore store(DynamoDbClient using) {
        return new DynamoDbStateStore(using, stateTable, idempotencyTable, StateApiResources.IdempotencyTable.DEFAULT_RETENTION);
    }

    DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return DynamoDbClients.create(TestStack.emulator().endpoint(), List.of(interceptors));
    }

    /** The namespace with version 1 active and {@code keys} values written at it, then version 2 created at {@link #T0}. */
    NamespaceInfo namespaceAtVersion2(TenantNamespace namespace, int keys) {
        return namespaceAtVersion2(namespace, keys, java.util.Optional.empty());
    }

    /** As {@link #namespaceAtVersion2(TenantNamespace, int)}, version 2 created with a JSONata {@code migration} (ADR 0057). */
    NamespaceInfo namespaceAtVersion2(TenantNamespace namespace, int keys, java.util.Optional<String> migration) {
        NamespaceInfo info = namespaces.createIfAbsent(namespace, T0.minusSeconds(60));
        schemas.create(info, new ValueSchema(namespace, 1, new JsonDocument(V1), T0.minusSeconds(60)));
        for (int i = 0; i < keys; i++) {
            store.put(namespace, key(i), new JsonDocument("{\"i\":" + i + "}"), OptionalLong.of(1), null,
                    Precondition.NONE, WriteIdentity.fresh(), 0, T0.minusSeconds(30));
        }
        createVersion2(namespace, migration);
        return namespaces.find(namespace).orElseThrow();
    }

    /**
     * As {@link #namespaceAtVersion2(TenantNamespace, int, java.util.Optional)}, the {@code keys}
     * values at version 1 written in bulk ({@link BulkSeed}): the same items, 25 to a call.
     */
    NamespaceInfo namespaceAtVersion2InBulk(TenantNamespace namespace, int keys, String migration) {
        NamespaceInfo info = namespaces.createIfAbsent(namespace, T0.minusSeconds(60));
        schemas.create(info, new ValueSchema(namespace, 1, new JsonDocument(V1), T0.minusSeconds(60)));
        java.util.Map<Key, JsonDocument> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keys; i++) {
            values.put(key(i), new JsonDocument("{\"i\":" + i + "}"));
        }
        BulkSeed.firstVersions(client, stateTable, namespace, values, 1, T0.minusSeconds(30));
        createVersion2(namespace, java.util.Optional.of(migration));
        return namespaces.find(namespace).orElseThrow();
    }

    private void createVersion2(TenantNamespace namespace, java.util.Optional<String> migration) {
        schemas.create(namespaces.find(namespace).orElseThrow(), new ValueSchema(namespace, 2, new JsonDocument(V2), T0,
                migration.map(jsonata -> new JsonDocument("{\"jsonata\":" + io.stateapi.json.StateJson.write(
                        io.stateapi.json.StateJson.mapper().getNodeFactory().textNode(jsonata)) + "}"))));
    }

    static Key key(int i) {
        return Key.of(String.format("k/%04d", i));
    }

    StateRecord read(TenantNamespace namespace, Key key) {
        return store.get(namespace, key, ReadConsistency.STRONG, T0).orElseThrow();
    }

    DynamoDbBackfillLedger ledger(DynamoDbClient using) {
        return ledger(using, java.time.Clock.systemUTC());
    }

    /** {@code leases}: the wall clock its leases are measured on. */
    DynamoDbBackfillLedger ledger(DynamoDbClient using, java.time.Clock leases) {
        return new DynamoDbBackfillLedger(using, catalogTable, leases);
    }

    BackfillStatus start(NamespaceInfo namespace, BackfillRequest request) {
        return ledger(client).start(namespace, 2, request, T0, T0).status();
    }

    BackfillStatus status(NamespaceInfo namespace) {
        return ledger(client).status(namespace, 2, T0).orElseThrow();
    }

    /** A housekeeping run's backfiller whose store and ledger calls go through {@code using}. */
    SchemaBackfiller backfiller(DynamoDbClient storeClient, DynamoDbClient ledgerClient, ValueUpgrader upgrader) {
        return backfiller(storeClient, ledgerClient, upgrader, java.time.Clock.systemUTC());
    }

    SchemaBackfiller backfiller(DynamoDbClient storeClient, DynamoDbClient ledgerClient, ValueUpgrader upgrader,
                                java.time.Clock leases) {
        return new SchemaBackfiller(ledger(ledgerClient, leases), namespaces, store(storeClient), upgrader,
                new ValueSchemas(schemas, new NetworkntSchemaDialect()));
    }

    /** The housekeeping's upgrader: part A's migrations (JSONata), checked against the versions' schemas. */
    ValueUpgrader migrations() {
        return new io.stateapi.domain.schemas.SchemaMigrations(schemas, new io.stateapi.jsonata.JsonataMigrationDialect(),
                new ValueSchemas(schemas, new NetworkntSchemaDialect()));
    }

    @Override
    public void close() {
        for (String table : List.of(stateTable, idempotencyTable, catalogTable)) {
            client.deleteTable(b -> b.tableName(table));
        }
        client.close();
    }
}
