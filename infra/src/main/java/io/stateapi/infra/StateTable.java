package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The state table, shaped by {@link StateApiResources.Table}: one item per (namespace, key),
 * on-demand capacity, a stream of old and new images for the fan-out, the sparse expiry index
 * the expiry sweeper queries, DynamoDB's TTL explicitly off (ADR 0008), point-in-time recovery.
 * In environments that protect data it has deletion protection and is retained when the stack
 * is deleted.
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
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(key == null ? TableEncryption.DEFAULT : TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .deletionProtection(config.protectData())
                .removalPolicy(config.removalPolicy())
                .build();
        // Written only on items whose value has an expiry: the index holds what can expire.
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(StateApiResources.Table.EXPIRY_INDEX)
                .partitionKey(Attribute.builder()
                        .name(StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder()
                        .name(StateApiResources.Table.EXPIRY_INDEX_SORT_KEY).type(AttributeType.NUMBER).build())
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        // Written only on tombstones: the index holds what the tombstone purge may forget (ADR 0019).
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(StateApiResources.Table.TOMBSTONE_INDEX)
                .partitionKey(Attribute.builder()
                        .name(StateApiResources.Table.TOMBSTONE_INDEX_PARTITION_KEY).type(AttributeType.STRING).build())
                .projectionType(ProjectionType.INCLUDE)
                .nonKeyAttributes(StateApiResources.Table.TOMBSTONE_INDEX_ATTRIBUTES)
                .build());
        // The L2 table cannot say "TTL off": leaving the setting out keeps TTL on a table that had
        // it (aws-cdk#13106), so the CloudFormation property is set, naming the attribute it was on.
        ((CfnTable) table.getNode().getDefaultChild()).setTimeToLiveSpecification(
                CfnTable.TimeToLiveSpecificationProperty.builder()
                        .attributeName(StateApiResources.Table.RETIRED_TTL_ATTRIBUTE)
                        .enabled(StateApiResources.Table.TIME_TO_LIVE_ENABLED)
                        .build());
    }

    Table table() {
        return table;
    }

    /** The ARN of the expiry index, by name: grants on it need no {@code index/*} wildcard. */
    String expiryIndexArn() {
        return table.getTableArn() + "/index/" + StateApiResources.Table.EXPIRY_INDEX;
    }

    /** The ARN of the tombstone index, by name. */
    String tombstoneIndexArn() {
        return table.getTableArn() + "/index/" + StateApiResources.Table.TOMBSTONE_INDEX;
    }

    /** Allows {@code actions} on the table itself (not on its indexes, as {@code Table.grant} would). */
    void grantOnTable(IGrantable grantee, List<String> actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(List.of(table.getTableArn())).build());
    }

    Optional<Key> key() {
        return Optional.ofNullable(key);
    }
}
