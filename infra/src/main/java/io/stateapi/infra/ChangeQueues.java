package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.StateApiResources.Queues;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where change events go: the FIFO change queue (ordered per key, de-duplicated per key and
 * version, high-throughput mode) with its redrive DLQ, and the DLQ that receives stream
 * batches the fan-out could not deliver. Every queue is encrypted (SQS-managed keys, so
 * subscribers need no KMS grants) and refuses plain-HTTP access.
 */
final class ChangeQueues extends Construct {

    private final Queue changes;
    private final Queue changesDeadLetters;
    private final Queue streamFailures;

    ChangeQueues(Construct scope, String id, EnvironmentConfig config) {
        super(scope, id);
        StateApiResources resources = config.resources();
        Duration retention = Duration.seconds(Queues.RETENTION_SECONDS);

        this.changesDeadLetters = Queue.Builder.create(this, "ChangesDeadLetterQueue")
                .queueName(resources.changesDeadLetterQueueName())
                .fifo(true)
                .contentBasedDeduplication(Queues.CONTENT_BASED_DEDUPLICATION)
                .retentionPeriod(retention)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .removalPolicy(config.removalPolicy())
                .build();
        this.changes = Queue.Builder.create(this, "ChangesQueue")
                .queueName(resources.changesQueueName())
                .fifo(true)
                .contentBasedDeduplication(Queues.CONTENT_BASED_DEDUPLICATION)
                .deduplicationScope(deduplicationScope(Queues.DEDUPLICATION_SCOPE))
                .fifoThroughputLimit(throughputLimit(Queues.FIFO_THROUGHPUT_LIMIT))
                .visibilityTimeout(Duration.seconds(Queues.VISIBILITY_TIMEOUT_SECONDS))
                .retentionPeriod(retention)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(changesDeadLetters)
                        .maxReceiveCount(Queues.MAX_RECEIVE_COUNT)
                        .build())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .removalPolicy(config.removalPolicy())
                .build();
        // Lambda's on-failure destination for a stream must be a standard queue, not FIFO.
        this.streamFailures = Queue.Builder.create(this, "StreamFailureQueue")
                .queueName(resources.streamFailureQueueName())
                .retentionPeriod(retention)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .removalPolicy(config.removalPolicy())
                .build();
    }

    Queue changes() {
        return changes;
    }

    Queue changesDeadLetters() {
        return changesDeadLetters;
    }

    Queue streamFailures() {
        return streamFailures;
    }

    List<Queue> deadLetterQueues() {
        return List.of(changesDeadLetters, streamFailures);
    }

    private static DeduplicationScope deduplicationScope(String value) {
        return switch (value) {
            case "messageGroup" -> DeduplicationScope.MESSAGE_GROUP;
            case "queue" -> DeduplicationScope.QUEUE;
            default -> throw new IllegalArgumentException("unknown deduplication scope: " + value);
        };
    }

    private static FifoThroughputLimit throughputLimit(String value) {
        return switch (value) {
            case "perMessageGroupId" -> FifoThroughputLimit.PER_MESSAGE_GROUP_ID;
            case "perQueue" -> FifoThroughputLimit.PER_QUEUE;
            default -> throw new IllegalArgumentException("unknown FIFO throughput limit: " + value);
        };
    }
}
