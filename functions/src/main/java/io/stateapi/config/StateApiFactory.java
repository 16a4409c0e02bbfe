package io.stateapi.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import io.stateapi.auth.AuthSettings;
import io.stateapi.auth.Callers;
import io.stateapi.domain.CounterService;
import io.stateapi.domain.ExpiryService;
import io.stateapi.domain.StateService;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.transactions.TransactionService;
import io.stateapi.domain.patch.PatchService;
import io.stateapi.json.JsonPatches;
import io.stateapi.domain.batch.BatchGetService;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.listing.KeyListingService;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceService;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.schemas.UpgradeOnRead;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbChangeFeed;
import io.stateapi.dynamodb.DynamoDbChangeLog;
import io.stateapi.domain.watch.Pause;
import io.stateapi.domain.watch.WatchService;
import io.stateapi.domain.history.HistoryService;
import io.stateapi.domain.history.KeyHistory;
import io.micronaut.context.env.Environment;
import io.micronaut.core.value.PropertyResolver;
import io.stateapi.domain.tenancy.LeasedRequestQuota;
import io.stateapi.domain.tenancy.PrincipalRegistry;
import io.stateapi.domain.tenancy.PrincipalRegistryAdmin;
import io.stateapi.domain.tenancy.RegistryService;
import io.stateapi.domain.tenancy.QuotaLedger;
import io.stateapi.domain.tenancy.RequestQuota;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.dynamodb.DynamoDbPrincipalRegistry;
import io.stateapi.dynamodb.DynamoDbQuotaLedger;
import java.util.Optional;
import io.stateapi.domain.StateStore;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.dynamodb.ItemLayout;
import io.stateapi.metrics.StoreMetrics;
import jakarta.inject.Singleton;
import java.net.URI;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.resources.StateApiResources;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The composition root of the api function: the one place where the domain, the DynamoDB
 * adapter and configuration meet.
 *
 * <p>Configuration: {@code state.table-name} (env {@code STATE_TABLE_NAME}),
 * {@code state.idempotency-table-name} (env {@code STATE_IDEMPOTENCY_TABLE_NAME}),
 * {@code state.idempotency-retention} (env {@code STATE_IDEMPOTENCY_RETENTION}, an ISO-8601
 * duration, 24 hours when unset) and, for an emulator, {@code state.aws.endpoint}
 * (env {@code STATE_AWS_ENDPOINT}). Tenancy (ADR 0013): {@code state.catalog-table-name}
 * (env {@code STATE_CATALOG_TABLE_NAME}), {@code state.auth.tenant-claim},
 * {@code state.auth.namespaces-claim} and {@code state.auth.default-tenant}
 * (env {@code STATE_AUTH_TENANT_CLAIM}, {@code STATE_AUTH_NAMESPACES_CLAIM},
 * {@code STATE_AUTH_DEFAULT_TENANT}); the request quota (ADR 0017):
 * {@code state.quota.requests-per-second} (env {@code STATE_TENANT_REQUESTS_PER_SECOND}, 100 when
 * unset); listing cursors are signed with {@code state.cursor-key} (env {@code STATE_CURSOR_KEY};
 * ADR 0026). The handler itself reads
 * {@code state.http.path-arrives-decoded} (env {@code STATE_HTTP_PATH_ARRIVES_DECODED};
 * {@code ApiFunction}, ADR 0009).
 */
@Factory
public class StateApiFactory {

    /**
     * A name Micronaut's convention derives from {@code STATE_TENANT_REQUESTS_PER_SECOND}; it never
     * derives the property's own name, {@code state.quota.requests-per-second}, from it.
     */
    private static final String TENANT_REQUESTS_PER_SECOND_FROM_ENVIRONMENT = "state.tenant.requests-per-second";

    /** Secondary: a test that registers a clock of its own (a singleton in the context) gets it used. */
    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDbClient(@Value("${" + FunctionProperties.AWS_ENDPOINT + ":}") String endpoint,
                                  List<ExecutionInterceptor> interceptors) {
        return DynamoDbClients.create(endpoint.isBlank() ? null : URI.create(endpoint), interceptors);
    }

    @Singleton
    StateStore stateStore(DynamoDbClient client,
                          @Value("${" + FunctionProperties.TABLE_NAME + "}") String tableName,
                          @Value("${" + FunctionProperties.IDEMPOTENCY_TABLE_NAME + "}") String idempotencyTableName,
                          @Value("${" + FunctionProperties.IDEMPOTENCY_RETENTION + ":}") String idempotencyRetention,
                          @Value("${" + FunctionProperties.ITEM_WRITE_FORMAT + ":}") String itemWriteFormat,
                          StoreMetrics metrics) {
        Duration retention = idempotencyRetention.isBlank() ? StateApiResources.IdempotencyTable.DEFAULT_RETENTION
                : Duration.parse(idempotencyRetention.strip());
        return new DynamoDbStateStore(client, tableName, idempotencyTableName, retention, metrics,
                ItemLayout.parse(itemWriteFormat));
    }

    /** The namespace rules every key-changing operation follows (settings, creation, purges, floors, schemas). */
    @Singleton
    WriteTargets writeTargets(StateStore store, NamespaceSettingsCache namespaces, Clock clock, ValueSchemas schemas) {
        return new WriteTargets(store, namespaces, clock, schemas);
    }

    @Singleton
    StateService stateService(StateStore store, WriteTargets targets, UpgradeOnRead reads, Clock clock) {
        return new StateService(store, targets, reads, clock);
    }

    /** Multi-key transactions (ADR 0028). */
    @Singleton
    TransactionService transactionService(StateStore store, WriteTargets targets, Clock clock) {
        return new TransactionService(store, targets, clock);
    }

    /** Partial updates (ADR 0029): JSON Merge Patch and JSON Patch applied by Parsson. */
    @Singleton
    PatchService patchService(StateStore store, WriteTargets targets, UpgradeOnRead reads, Clock clock) {
        return new PatchService(store, targets, new JsonPatches(), reads, clock);
    }

    /** Batch get (ADR 0027). */
    @Singleton
    BatchGetService batchGetService(StateStore store, WriteTargets targets, UpgradeOnRead reads, Clock clock) {
        return new BatchGetService(store, targets, reads, clock);
    }

    /** Atomic counters (ADR 0034). */
    @Singleton
    CounterService counterService(StateStore store, WriteTargets targets, Clock clock) {
        return new CounterService(store, targets, clock);
    }

    /** TTL changes without rewriting the value (ADR 0034). */
    @Singleton
    ExpiryService expiryService(StateStore store, WriteTargets targets, Clock clock) {
        return new ExpiryService(store, targets, clock);
    }

    /** Signs and checks listing cursors under the deployment's key ({@code state.cursor-key}, ADR 0026). */
    @Singleton
    SignedCursors signedCursors(@Value("${" + FunctionProperties.CURSOR_KEY + "}") String key) {
        return SignedCursors.fromSecret(key);
    }

    @Singleton
    KeyListingService keyListingService(StateStore store, WriteTargets targets, SignedCursors cursors,
                                        UpgradeOnRead reads, Clock clock) {
        return new KeyListingService(store, targets, cursors, reads, clock);
    }

    /** The read side of the change log (ADR 0036): {@code state.change-log-table-name} (env {@code STATE_CHANGE_LOG_TABLE_NAME}). */
    @Singleton
    KeyHistory keyHistory(DynamoDbClient client,
                          @Value("${" + FunctionProperties.CHANGE_LOG_TABLE_NAME + "}") String changeLogTable) {
        return new DynamoDbChangeLog(client, changeLogTable);
    }

    /** Key history and restore (ADR 0036). */
    @Singleton
    HistoryService historyService(KeyHistory history, StateStore store, WriteTargets targets, SignedCursors cursors,
                                  Clock clock) {
        return new HistoryService(history, store, targets, cursors, clock);
    }

    /** The resumable watch (ADR 0037), on the change log's feed index. */
    @Singleton
    WatchService watchService(DynamoDbClient client,
                              @Value("${" + FunctionProperties.CHANGE_LOG_TABLE_NAME + "}") String changeLogTable,
                              KeyListingService listing, WriteTargets targets, SignedCursors cursors, Clock clock) {
        return new WatchService(new DynamoDbChangeFeed(client, changeLogTable), listing, targets, cursors, clock,
                Pause.SLEEP, DynamoDbChangeFeed.SETTLE_WINDOW);
    }

    @Singleton
    NamespaceCatalog namespaceCatalog(DynamoDbClient client,
                                      @Value("${" + FunctionProperties.CATALOG_TABLE_NAME + "}") String catalogTable,
                                      @Value("${" + FunctionProperties.TABLE_NAME + "}") String tableName) {
        return new DynamoDbNamespaceCatalog(client, catalogTable, tableName);
    }

    /** One per function instance: what its key operations know of namespaces (ADR 0016). */
    @Singleton
    NamespaceSettingsCache namespaceSettingsCache(NamespaceCatalog catalog, Clock clock) {
        return new NamespaceSettingsCache(catalog, clock);
    }

    @Singleton
    NamespaceService namespaceService(NamespaceCatalog catalog, NamespaceSettingsCache namespaces, Clock clock) {
        return new NamespaceService(catalog, namespaces, clock);
    }

    /** Also the {@link PrincipalRegistry} that {@link Callers} reads, uncached (ADR 0018). */
    @Singleton
    PrincipalRegistryAdmin principalRegistry(DynamoDbClient client,
                                             @Value("${" + FunctionProperties.CATALOG_TABLE_NAME + "}") String catalogTable) {
        return new DynamoDbPrincipalRegistry(client, catalogTable);
    }

    /** Also the operators' way to set a tenant's own limit (the admin route's and the CLI's). */
    @Singleton
    DynamoDbQuotaLedger quotaLedger(DynamoDbClient client,
                                    @Value("${" + FunctionProperties.CATALOG_TABLE_NAME + "}") String catalogTable) {
        return new DynamoDbQuotaLedger(client, catalogTable);
    }

    @Singleton
    RequestQuota requestQuota(QuotaLedger ledger, Clock clock, Environment environment) {
        return new LeasedRequestQuota(ledger, clock, tenantRequestsPerSecond(environment));
    }

    /**
     * The default requests per second of a tenant: {@code state.quota.requests-per-second}, else the
     * environment variable {@code STATE_TENANT_REQUESTS_PER_SECOND}, else 100.
     */
    public static int tenantRequestsPerSecond(PropertyResolver properties) {
        int requestsPerSecond = properties.getProperty(FunctionProperties.TENANT_REQUESTS_PER_SECOND, Integer.class)
                .or(() -> properties.getProperty(TENANT_REQUESTS_PER_SECOND_FROM_ENVIRONMENT, Integer.class))
                .orElse(StateApiResources.DEFAULT_TENANT_REQUESTS_PER_SECOND);
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException(FunctionProperties.TENANT_REQUESTS_PER_SECOND + " (env "
                    + StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND + ") must be at least 1: " + requestsPerSecond);
        }
        return requestsPerSecond;
    }

    @Singleton
    RegistryService registryService(PrincipalRegistryAdmin registry) {
        return new RegistryService(registry);
    }

    @Singleton
    AuthSettings authSettings(@Value("${" + FunctionProperties.AUTH_TENANT_CLAIM + ":" + AuthSettings.DEFAULT_TENANT_CLAIM + "}")
                              String tenantClaim,
                              @Value("${" + FunctionProperties.AUTH_NAMESPACES_CLAIM + ":"
                                      + AuthSettings.DEFAULT_NAMESPACES_CLAIM + "}") String namespacesClaim,
                              @Value("${" + FunctionProperties.AUTH_DEFAULT_TENANT + ":}") String defaultTenant) {
        return new AuthSettings(tenantClaim.strip(), namespacesClaim.strip(),
                defaultTenant.isBlank() ? Optional.empty() : Optional.of(TenantId.of(defaultTenant.strip())));
    }

    @Singleton
    Callers callers(AuthSettings settings, PrincipalRegistry registry) {
        return new Callers(settings, registry);
    }
}
