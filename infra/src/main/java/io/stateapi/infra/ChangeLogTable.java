package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The change log (ADR 0036), shaped by {@link StateApiResources.ChangeLogTable}: every change of
 * every key, written by the fan-out, read by the history routes, removed by DynamoDB's TTL after
 * its namespace's retention; its feed index orders a namespace's changes for the HTTP watch (ADR
 * 0037). No stream; kept like the state table (point-in-time recovery, its
 * key, deletion protection and retention where data is protected), since a restore reads it.
 */
final class ChangeLogTable extends Construct {

    private final Table table;

    ChangeLogTable(Construct scope, String id, EnvironmentConfig config, StateTable stateTable) {
        super(scope, id);
        this.table = StringKeyedTables.create(this, config.resources().changeLogTableName(),
                StateApiResources.ChangeLogTable.PARTITION_KEY, StateApiResources.ChangeLogTable.SORT_KEY,
                AttributeType.NUMBER, StateApiResources.ChangeLogTable.TTL_ATTRIBUTE, config, stateTable);
        // Every attribute projected: a watch returns values, and a GetItem per change would cost more.
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(StateApiResources.ChangeLogTable.FEED_INDEX)
                .partitionKey(Attribute.builder()
                        .name(StateApiResources.ChangeLogTable.FEED_PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder()
                        .name(StateApiResources.ChangeLogTable.FEED_SORT_KEY).type(AttributeType.NUMBER).build())
                .projectionType(ProjectionType.ALL)
                .build());
    }

    Table table() {
        return table;
    }

    /** Allows exactly {@code actions} on the feed index (ADR 0037), by name. */
    void grantFeed(IGrantable grantee, List<String> actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create().actions(actions)
                .resources(List.of(table.getTableArn() + "/index/" + StateApiResources.ChangeLogTable.FEED_INDEX))
                .build());
    }

    /** Allows exactly {@code actions} on the table. */
    void grant(IGrantable grantee, List<String> actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(List.of(table.getTableArn())).build());
    }
}
