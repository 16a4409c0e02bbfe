package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The catalog table (ADR 0013), shaped by {@link StateApiResources.CatalogTable}: tenants'
 * namespaces and their settings, the principal registry, quota overrides and quota windows.
 * DynamoDB's TTL removes what has an expiry (quota windows, finished purges). No stream:
 * nothing subscribes to catalog changes. It is the service's control data, so it is kept like
 * the state table: point-in-time recovery, the state table's key, deletion protection and
 * retention where data is protected.
 */
final class CatalogTable extends Construct {

    private final Table table;

    CatalogTable(Construct scope, String id, EnvironmentConfig config, StateTable stateTable) {
        super(scope, id);
        this.table = StringKeyedTables.create(this, config.resources().catalogTableName(),
                StateApiResources.CatalogTable.PARTITION_KEY, StateApiResources.CatalogTable.SORT_KEY,
                StateApiResources.CatalogTable.TTL_ATTRIBUTE, config, stateTable);
    }

    Table table() {
        return table;
    }

    /**
     * Allows exactly {@code actions} on the table. (The table's key, when it has one, is the state
     * table's, which every function is granted already.)
     */
    void grant(IGrantable grantee, List<String> actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(List.of(table.getTableArn())).build());
    }
}
