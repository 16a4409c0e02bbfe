package io.stateapi.local;

import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.events.SqsClients;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
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
        }
        try (SqsClient sqs = SqsClients.create(endpoint, List.of())) {
            createQueues(sqs, resources);
        }
    }

    /** The queues of the change pipeline, by URL. */
    public record QueueUrls(String changes, String changesDeadLetter, String streamFailure) {
    }

    /**
     * The change queue (FIFO, de-duplication by explicit id per message group) with its FIFO
     * redrive DLQ, and the stream mapping's on-failure destination. Creating an existing
     * queue with the same attributes returns it, so this is idempotent.
     */
    public static QueueUrls createQueues(SqsClient sqs, StateApiResources resources) {
        String retention = Integer.toString(StateApiResources.Queues.RETENTION_SECONDS);
        String changesDeadLetter = sqs.createQueue(b -> b.queueName(resources.changesDeadLetterQueueName())
                .attributes(Map.of(
                        QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention))).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(changesDeadLetter)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":"
                + StateApiResources.Queues.MAX_RECEIVE_COUNT + "}";
        String changes = sqs.createQueue(b -> b.queueName(resources.changesQueueName())
                .attributes(Map.of(
                        QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                        Boolean.toString(StateApiResources.Queues.CONTENT_BASED_DEDUPLICATION),
                        QueueAttributeName.DEDUPLICATION_SCOPE, StateApiResources.Queues.DEDUPLICATION_SCOPE,
                        QueueAttributeName.FIFO_THROUGHPUT_LIMIT, StateApiResources.Queues.FIFO_THROUGHPUT_LIMIT,
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        Integer.toString(StateApiResources.Queues.VISIBILITY_TIMEOUT_SECONDS),
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention,
                        QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        String streamFailure = sqs.createQueue(b -> b.queueName(resources.streamFailureQueueName())
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, retention))).queueUrl();
        return new QueueUrls(changes, changesDeadLetter, streamFailure);
    }

    /** The ARN of the table's current stream. */
    public static String streamArn(DynamoDbClient dynamoDb, String tableName) {
        return dynamoDb.describeTable(b -> b.tableName(tableName)).table().latestStreamArn();
    }

    /** The idempotency table: pk/sk strings, on-demand, no stream, TTL on its expiry attribute. */
    public static void createIdempotencyTable(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.createTable(b -> b
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(StateApiResources.IdempotencyTable.PARTITION_KEY)
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(StateApiResources.IdempotencyTable.SORT_KEY)
                                    .attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(StateApiResources.IdempotencyTable.PARTITION_KEY)
                                    .keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(StateApiResources.IdempotencyTable.SORT_KEY)
                                    .keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName).timeToLiveSpecification(t -> t
                .enabled(true).attributeName(StateApiResources.IdempotencyTable.TTL_ATTRIBUTE)));
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
