package io.stateapi.infra;

import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The shape the idempotency, catalog and change log tables share: string partition keys, on demand,
 * DynamoDB's TTL on one attribute, no stream, and the state table's protection (point-in-time
 * recovery, its key, deletion protection and retention where data is protected).
 */
final class StringKeyedTables {

    private StringKeyedTables() {
    }

    /** The table as construct {@code Table} of {@code scope}, so its logical id stays what it was. */
    static Table create(Construct scope, String tableName, String partitionKey, String sortKey, String ttlAttribute,
                        EnvironmentConfig config, StateTable stateTable) {
        return create(scope, tableName, partitionKey, sortKey, AttributeType.STRING, ttlAttribute, config, stateTable);
    }

    /** The same, with a sort key of {@code sortKeyType} (the change log's is a number, ADR 0036). */
    static Table create(Construct scope, String tableName, String partitionKey, String sortKey,
                        AttributeType sortKeyType, String ttlAttribute, EnvironmentConfig config, StateTable stateTable) {
        return Table.Builder.create(scope, "Table")
                .tableName(tableName)
                .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(sortKey).type(sortKeyType).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(ttlAttribute)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(stateTable.key().isPresent() ? TableEncryption.CUSTOMER_MANAGED : TableEncryption.DEFAULT)
                .encryptionKey(stateTable.key().orElse(null))
                .deletionProtection(config.protectData())
                .removalPolicy(config.removalPolicy())
                .build();
    }
}
