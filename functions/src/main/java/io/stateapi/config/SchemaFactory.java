package io.stateapi.config;

import io.stateapi.domain.backfill.BackfillLedger;
import io.stateapi.domain.backfill.SchemaBackfillService;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbBackfillLedger;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.resources.Housekeeping;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.schemas.MigrationDialect;
import io.stateapi.domain.schemas.SchemaCatalog;
import io.stateapi.domain.schemas.SchemaDialect;
import io.stateapi.domain.schemas.SchemaMigrations;
import io.stateapi.domain.schemas.SchemaService;
import io.stateapi.domain.schemas.UpgradeOnRead;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.domain.schemas.ValueUpgrader;
import io.stateapi.dynamodb.DynamoDbSchemaCatalog;
import io.stateapi.jsonata.JsonataMigrationDialect;
import io.stateapi.jsonschema.NetworkntSchemaDialect;
import io.stateapi.metrics.UpgradeMetrics;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Namespace schemas (ADR 0052) and their migrations (ADR 0057): the versions in the catalog
 * table, the JSON Schema library and the transform language behind their ports, the
 * per-instance caches of compiled versions that every write path checks values with, and the
 * upgrade of old values on read. Both libraries load on the first schema or migration compiled,
 * not at a cold start.
 */
@Factory
public class SchemaFactory {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeOnRead.class);

    @Singleton
    SchemaCatalog schemaCatalog(DynamoDbClient client, @Value("${" + FunctionProperties.CATALOG_TABLE_NAME + "}") String catalogTable) {
        return new DynamoDbSchemaCatalog(client, catalogTable);
    }

    @Singleton
    SchemaDialect schemaDialect() {
        return new NetworkntSchemaDialect();
    }

    @Singleton
    MigrationDialect migrationDialect() {
        return new JsonataMigrationDialect();
    }

    @Singleton
    ValueSchemas valueSchemas(SchemaCatalog catalog, SchemaDialect dialect) {
        return new ValueSchemas(catalog, dialect);
    }

    /** Backfills (ADR 0058): started and followed here, carried out by the housekeeping function. */
    @Singleton
    BackfillLedger backfillLedger(DynamoDbClient client, @Value("${" + FunctionProperties.CATALOG_TABLE_NAME + "}") String catalogTable) {
        return new DynamoDbBackfillLedger(client, catalogTable);
    }

    @Singleton
    SchemaBackfillService schemaBackfillService(BackfillLedger ledger, NamespaceCatalog namespaces, SchemaCatalog schemas,
                                                Clock clock) {
        return new SchemaBackfillService(ledger, namespaces, schemas, Housekeeping.SETTLE, clock);
    }

    /** The port the backfill also upgrades values with. */
    @Singleton
    ValueUpgrader valueUpgrader(SchemaCatalog catalog, MigrationDialect migrations, ValueSchemas schemas) {
        return new SchemaMigrations(catalog, migrations, schemas);
    }

    /**
     * A value whose upgrade fails is served as stored; the log says which step failed and why, and
     * the {@code UpgradesFailed} metric counts it (an alarm, docs/runbook.md).
     */
    @Singleton
    UpgradeOnRead upgradeOnRead(NamespaceSettingsCache namespaces, ValueUpgrader upgrader, UpgradeMetrics metrics) {
        return new UpgradeOnRead(namespaces, upgrader, failure -> {
            LOG.warn("upgrade on read served the stored value: {}", failure.getMessage());
            metrics.upgradeOnReadFailed(failure.getMessage());
        });
    }

    @Singleton
    SchemaService schemaService(SchemaCatalog catalog, SchemaDialect dialect, MigrationDialect migrations,
                                NamespaceSettingsCache namespaces, Clock clock) {
        return new SchemaService(catalog, dialect, migrations, namespaces, clock);
    }
}
