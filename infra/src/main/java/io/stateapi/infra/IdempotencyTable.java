package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
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
        this.table = Table.Builder.create(this, "Table")
                .tableName(config.resources().idempotencyTableName())
                .partitionKey(Attribute.builder()
                        .name(StateApiResources.IdempotencyTable.PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder()
                        .name(StateApiResources.IdempotencyTable.SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(StateApiResources.IdempotencyTable.TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(stateTable.key().isPresent() ? TableEncryption.CUSTOMER_MANAGED : TableEncryption.DEFAULT)
                .encryptionKey(stateTable.key().orElse(null))
                .deletionProtection(config.protectData())
                .removalPolicy(config.removalPolicy())
                .build();
    }

    Table table() {
        return table;
    }
}
