package io.stateapi.local;

import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Creates on an emulator the resources the CDK app creates on AWS, with the names and
 * settings of {@link StateApiResources}. Running it twice changes nothing.
 */
public final class ResourceBootstrap {

    private final URI endpoint;

    public ResourceBootstrap(URI endpoint) {
        this.endpoint = endpoint;
    }

    public void createAll(StateApiResources resources) {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(endpoint, List.of())) {
            createTable(dynamoDb, resources.tableName());
        }
    }

    /** The state table: pk/sk strings, on-demand, stream with old and new images, TTL on expiresAt. */
    public static void createTable(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.createTable(b -> b
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(StateApiResources.Table.PARTITION_KEY)
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(StateApiResources.Table.SORT_KEY)
                                    .attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(StateApiResources.Table.PARTITION_KEY)
                                    .keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(StateApiResources.Table.SORT_KEY)
                                    .keyType(KeyType.RANGE).build())
                    .streamSpecification(s -> s.streamEnabled(true)
                            .streamViewType(StreamViewType.fromValue(StateApiResources.Table.STREAM_VIEW_TYPE))));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(t -> t
                .enabled(true).attributeName(StateApiResources.Table.TTL_ATTRIBUTE)));
    }
}
