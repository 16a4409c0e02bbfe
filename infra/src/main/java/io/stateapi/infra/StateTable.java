package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import java.util.Optional;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The state table, shaped by {@link StateApiResources.Table}: one item per (namespace, key),
 * on-demand capacity, a stream of old and new images for the fan-out, TTL, point-in-time
 * recovery. In environments that protect data it has deletion protection and is retained when
 * the stack is deleted.
 */
final class StateTable extends Construct {

    private final Table table;
    private final Key key;

    StateTable(Construct scope, String id, EnvironmentConfig config, DeploymentOptions.TableKey tableKey) {
        super(scope, id);
        StateApiResources resources = config.resources();
        this.key = tableKey == DeploymentOptions.TableKey.CUSTOMER_MANAGED
                ? Key.Builder.create(this, "Key")
                        .description("Encrypts the State API table (" + config.name() + ") at rest")
                        .alias("alias/" + resources.tableName())
                        .enableKeyRotation(true)
                        .removalPolicy(config.removalPolicy())
                        .build()
                : null;
        this.table = Table.Builder.create(this, "Table")
                .tableName(resources.tableName())
                .partitionKey(Attribute.builder()
                        .name(StateApiResources.Table.PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder()
                        .name(StateApiResources.Table.SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .stream(StreamViewType.valueOf(StateApiResources.Table.STREAM_VIEW_TYPE))
                .timeToLiveAttribute(StateApiResources.Table.TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(key == null ? TableEncryption.DEFAULT : TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .deletionProtection(config.protectData())
                .removalPolicy(config.removalPolicy())
                .build();
    }

    Table table() {
        return table;
    }

    Optional<Key> key() {
        return Optional.ofNullable(key);
    }
}
