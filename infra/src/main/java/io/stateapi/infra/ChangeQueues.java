package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.Queues;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where change events go (ADR 0015): one FIFO queue per tenant, ordered per key, de-duplicated
 * per key and version, in high-throughput mode, which the fan-out creates on the tenant's first
 * event and which are therefore not part of the stack; the shared FIFO dead-letter queue all of
 * them redrive to; and the DLQ that receives stream batches the fan-out could not deliver. Every
 * queue is encrypted with SQS-managed keys (subscribers need no KMS grants); the stack's own
 * queues also refuse plain-HTTP access.
 */
final class ChangeQueues extends Construct {

    private final StateApiResources resources;
    private final Queue changesDeadLetters;
    private final Queue streamFailures;

    ChangeQueues(Construct scope, String id, EnvironmentConfig config) {
        super(scope, id);
        this.resources = config.resources();
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
        // Lambda's on-failure destination for a stream must be a standard queue, not FIFO.
        this.streamFailures = Queue.Builder.create(this, "StreamFailureQueue")
                .queueName(resources.streamFailureQueueName())
                .retentionPeriod(retention)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .removalPolicy(config.removalPolicy())
                .build();
    }

    /** The dead-letter queue of every tenant's change queue. */
    Queue changesDeadLetters() {
        return changesDeadLetters;
    }

    Queue streamFailures() {
        return streamFailures;
    }

    /** Every tenant's change queue of this environment, as an IAM resource pattern. */
    String tenantQueueArnPattern() {
        return tenantQueueArn(resources.tenantEventsQueueNamePattern());
    }

    /** What a tenant's queue ARN starts with; {@code <tenant>.fifo} follows. */
    String tenantQueueArnPrefix() {
        return tenantQueueArn(resources.tenantEventsQueuePrefix());
    }

    /** What a tenant's queue URL starts with; {@code <tenant>.fifo} follows. */
    String tenantQueueUrlPrefix() {
        return "https://sqs." + Aws.REGION + "." + Aws.URL_SUFFIX + "/" + Aws.ACCOUNT_ID + "/"
                + resources.tenantEventsQueuePrefix();
    }

    /** Allows exactly {@code actions} on every tenant's change queue of this environment, and on no other queue. */
    void grantOnTenantQueues(IGrantable grantee, List<String> actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(List.of(tenantQueueArnPattern())).build());
    }

    private String tenantQueueArn(String name) {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("sqs").resource(name).arnFormat(ArnFormat.NO_RESOURCE_NAME).build());
    }

    List<Queue> deadLetterQueues() {
        return List.of(changesDeadLetters, streamFailures);
    }
}
