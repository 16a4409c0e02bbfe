package io.stateapi.config;

import io.stateapi.domain.backfill.BackfillLedger;
import io.stateapi.domain.backfill.SchemaBackfillService;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbBackfillLedger;
import io.stateapi.resources.Housekeeping;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.schemas.SchemaCatalog;
import io.stateapi.domain.schemas.SchemaDialect;
import io.stateapi.domain.schemas.SchemaService;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.dynamodb.DynamoDbSchemaCatalog;
import io.stateapi.jsonschema.NetworkntSchemaDialect;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Namespace schemas (ADR 0052): the versions in the catalog table, the JSON Schema library behind
 * its port, and the per-instance cache of compiled versions that every write path checks values
 * with. The library loads its meta-schemas on the first schema compiled, not at a cold start.
 */
@Factory
public class SchemaFactory {

    @Singleton
    SchemaCatalog schemaCatalog(DynamoDbClient client, @Value("${state.catalog-table-name}") String catalogTable) {
        return new DynamoDbSchemaCatalog(client, catalogTable);
    }

    @Singleton
    SchemaDialect schemaDialect() {
        return new NetworkntSchemaDialect();
    }

    @Singleton
    ValueSchemas valueSchemas(SchemaCatalog catalog, SchemaDialect dialect) {
        return new ValueSchemas(catalog, dialect);
    }

    /** Backfills (ADR 0058): started and followed here, carried out by the housekeeping function. */
    @Singleton
    BackfillLedger backfillLedger(DynamoDbClient client, @Value("${state.catalog-table-name}") String catalogTable) {
        return new DynamoDbBackfillLedger(client, catalogTable);
    }

    @Singleton
    SchemaBackfillService schemaBackfillService(BackfillLedger ledger, NamespaceCatalog namespaces, SchemaCatalog schemas,
                                                Clock clock) {
        return new SchemaBackfillService(ledger, namespaces, schemas, Housekeeping.SETTLE, clock);
    }

    @Singleton
    SchemaService schemaService(SchemaCatalog catalog, SchemaDialect dialect, NamespaceSettingsCache namespaces,
                                Clock clock) {
        return new SchemaService(catalog, dialect, namespaces, clock);
    }
}
