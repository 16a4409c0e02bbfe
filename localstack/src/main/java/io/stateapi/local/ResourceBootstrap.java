package io.stateapi.local;

import io.stateapi.resources.Queues;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.events.SqsClients;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
            createIdempotencyTable(dynamoDb, resources.idempotencyTableName());
            createCatalogTable(dynamoDb, resources.catalogTableName());
            createChangeLogTable(dynamoDb, resources.changeLogTableName());
        }
        try (SqsClient sqs = SqsClients.create(endpoint, List.of())) {
            createQueues(sqs, resources);
        }
    }

    /**
     * The shared queues of the change pipeline. Each tenant's own change queue is created by the
     * fan-out function on the tenant's first event (ADR 0024), not here.
     *
     * @param changesDeadLetter    URL of the dead-letter queue every tenant's change queue redrives to
     * @param changesDeadLetterArn its ARN, which the fan-out function names in each queue's redrive policy
     * @param streamFailure        URL of the stream mapping's on-failure destination
     */
    public record QueueUrls(String changesDeadLetter, String changesDeadLetterArn, String streamFailure) {
    }

    /**
     * The change queues' FIFO dead-letter queue and the stream mapping's on-failure destination.
     * Creating an existing queue with the same attributes returns it, so this is idempotent.
     */
    public static QueueUrls createQueues(SqsClient sqs, StateApiResources resources) {
        String retention = Integer.toString(Queues.RETENTION_SECONDS);
        String changesDeadLetter = sqs.createQueue(b -> b.queueName(resources.changesDeadLetterQueueName())
                .attributes(Map.of(
                        QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention))).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(changesDeadLetter)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String streamFailure = sqs.createQueue(b -> b.queueName(resources.streamFailureQueueName())
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention))).queueUrl();
        return new QueueUrls(changesDeadLetter, deadLetterArn, streamFailure);
    }

    /** The ARN of the table's current stream. */
    public static String streamArn(DynamoDbClient dynamoDb, String tableName) {
        return dynamoDb.describeTable(b -> b.tableName(tableName)).table().latestStreamArn();
    }

    /** The idempotency table: pk/sk strings, on-demand, no stream, TTL on its expiry attribute. */
    public static void createIdempotencyTable(DynamoDbClient dynamoDb, String tableName) {
        createTableWithTtl(dynamoDb, tableName, StateApiResources.IdempotencyTable.PARTITION_KEY,
                StateApiResources.IdempotencyTable.SORT_KEY, StateApiResources.IdempotencyTable.TTL_ATTRIBUTE);
    }

    /** The catalog table (ADR 0013): pk/sk strings, on-demand, no stream, TTL on its expiry attribute. */
    public static void createCatalogTable(DynamoDbClient dynamoDb, String tableName) {
        createTableWithTtl(dynamoDb, tableName, StateApiResources.CatalogTable.PARTITION_KEY,
                StateApiResources.CatalogTable.SORT_KEY, StateApiResources.CatalogTable.TTL_ATTRIBUTE);
    }

    /**
     * The change log (ADR 0036): a string partition key, a numeric sort key (a key's changes in
     * commit order), on-demand, no stream, TTL on its expiry attribute, and the feed index.
     */
    public static void createChangeLogTable(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.createTable(b -> b
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(StateApiResources.ChangeLogTable.PARTITION_KEY, ScalarAttributeType.S),
                            attribute(StateApiResources.ChangeLogTable.SORT_KEY, ScalarAttributeType.N),
                            attribute(StateApiResources.ChangeLogTable.FEED_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(StateApiResources.ChangeLogTable.FEED_SORT_KEY, ScalarAttributeType.N))
                    .keySchema(
                            key(StateApiResources.ChangeLogTable.PARTITION_KEY, KeyType.HASH),
                            key(StateApiResources.ChangeLogTable.SORT_KEY, KeyType.RANGE))
                    // The feed index of the HTTP watch (ADR 0037), every attribute projected as on AWS.
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(StateApiResources.ChangeLogTable.FEED_INDEX)
                            .keySchema(
                                    key(StateApiResources.ChangeLogTable.FEED_PARTITION_KEY, KeyType.HASH),
                                    key(StateApiResources.ChangeLogTable.FEED_SORT_KEY, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))
                            .build()));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(t -> t
                .enabled(true).attributeName(StateApiResources.ChangeLogTable.TTL_ATTRIBUTE)));
    }

    private static void createTableWithTtl(DynamoDbClient dynamoDb, String tableName, String partitionKey,
                                           String sortKey, String ttlAttribute) {
        createTableWithTtl(dynamoDb, tableName, partitionKey, sortKey, ScalarAttributeType.S, ttlAttribute);
    }

    private static void createTableWithTtl(DynamoDbClient dynamoDb, String tableName, String partitionKey,
                                           String sortKey, ScalarAttributeType sortKeyType, String ttlAttribute) {
        try {
            dynamoDb.createTable(b -> b
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(sortKey).attributeType(sortKeyType).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(t -> t
                .enabled(true).attributeName(ttlAttribute)));
    }

    /**
     * The state table: pk/sk strings, on-demand, a stream with old and new images, the sparse
     * expiry index (keys only) the expiry sweeper queries, the sparse tombstone index the
     * tombstone purge queries (ADR 0019), and DynamoDB's TTL left off (ADR 0008).
     */
    public static void createTable(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.createTable(b -> b
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(StateApiResources.Table.PARTITION_KEY, ScalarAttributeType.S),
                            attribute(StateApiResources.Table.SORT_KEY, ScalarAttributeType.S),
                            attribute(StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY, ScalarAttributeType.S),
                            attribute(StateApiResources.Table.EXPIRY_INDEX_SORT_KEY, ScalarAttributeType.N),
                            attribute(StateApiResources.Table.TOMBSTONE_INDEX_PARTITION_KEY, ScalarAttributeType.S))
                    .keySchema(
                            key(StateApiResources.Table.PARTITION_KEY, KeyType.HASH),
                            key(StateApiResources.Table.SORT_KEY, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(StateApiResources.Table.EXPIRY_INDEX)
                            .keySchema(
                                    key(StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY, KeyType.HASH),
                                    key(StateApiResources.Table.EXPIRY_INDEX_SORT_KEY, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                            .build(), GlobalSecondaryIndex.builder()
                            .indexName(StateApiResources.Table.TOMBSTONE_INDEX)
                            .keySchema(key(StateApiResources.Table.TOMBSTONE_INDEX_PARTITION_KEY, KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.INCLUDE)
                                    .nonKeyAttributes(StateApiResources.Table.TOMBSTONE_INDEX_ATTRIBUTES))
                            .build())
                    .streamSpecification(s -> s.streamEnabled(true)
                            .streamViewType(StreamViewType.fromValue(StateApiResources.Table.STREAM_VIEW_TYPE))));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        // TTL stays off, as on AWS (StateApiResources.Table.TIME_TO_LIVE_ENABLED): a new table has none.
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
