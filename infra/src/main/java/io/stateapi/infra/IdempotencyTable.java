package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The idempotency table (ADR 0007), shaped by {@link StateApiResources.IdempotencyTable}:
 * the stored outcomes of writes sent with an {@code Idempotency-Key}, written in the same
 * transaction as the state change and removed by DynamoDB's TTL after the retention. No
 * stream (an outcome is no change of state); encrypted with the state table's key, if it has one.
 */
final class IdempotencyTable extends Construct {

    private final Table table;

    IdempotencyTable(Construct scope, String id, EnvironmentConfig config, StateTable stateTable) {
        super(scope, id);
        this.table = StringKeyedTables.create(this, config.resources().idempotencyTableName(),
                StateApiResources.IdempotencyTable.PARTITION_KEY, StateApiResources.IdempotencyTable.SORT_KEY,
                StateApiResources.IdempotencyTable.TTL_ATTRIBUTE, config, stateTable);
    }

    Table table() {
        return table;
    }
}
