package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.namespaces.NamespaceInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Every namespace of every tenant in the catalog table: an operator's walk (the format backfill's
 * {@code --all-namespaces}, ADR 0062), a Scan of the table for namespace items ({@link NamespaceItem}).
 * Never on a request's path.
 */
public final class DynamoDbNamespaceWalk {

    private final DynamoDbClient client;
    private final String catalogTable;

    public DynamoDbNamespaceWalk(DynamoDbClient client, String catalogTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
    }

    /** Every namespace, by tenant and name. */
    public List<NamespaceInfo> all() {
        List<NamespaceInfo> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest request = ScanRequest.builder().tableName(catalogTable)
                    .filterExpression("begins_with(#pk, :ns)")
                    .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK))
                    .expressionAttributeValues(Map.of(":ns", AttributeValue.fromS(NamespaceItem.PARTITION_PREFIX)))
                    .consistentRead(true).exclusiveStartKey(start).build();
            ScanResponse page = call(() -> client.scan(request));
            page.items().forEach(item -> found.add(NamespaceItem.toInfo(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        found.sort(Comparator.comparing((NamespaceInfo info) -> info.namespace().tenant().value())
                .thenComparing(info -> info.namespace().name()));
        return found;
    }
}
